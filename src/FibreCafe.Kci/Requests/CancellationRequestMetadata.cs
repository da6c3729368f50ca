using System.Collections;
using System.Text;
using System.Text.Json;

namespace FibreCafe.Kci;

/// <summary>
/// The caller's own key-value pairs on a cancellation request, stored and returned as given and never sent to the
/// gateway (as Stripe's <c>metadata</c>): e.g. the order system's reference, or what a TMF641 caller asked for. Immutable,
/// compared by value, keys ordinal.
/// </summary>
public sealed class CancellationRequestMetadata : IReadOnlyDictionary<string, string>, IEquatable<CancellationRequestMetadata>
{
    /// <summary>The most pairs a request keeps.</summary>
    public const int MaxEntries = 20;

    /// <summary>The longest key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest value.</summary>
    public const int MaxValueLength = 1000;

    private readonly SortedDictionary<string, string> _pairs;

    private CancellationRequestMetadata(SortedDictionary<string, string> pairs) => _pairs = pairs;

    /// <inheritdoc/>
    public int Count => _pairs.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _pairs.Keys;

    /// <inheritdoc/>
    public IEnumerable<string> Values => _pairs.Values;

    /// <inheritdoc/>
    public string this[string key] => _pairs[key];

    /// <summary>Copies and checks pairs: at most <see cref="MaxEntries"/>, keys 1 to <see cref="MaxKeyLength"/> characters, values at most <see cref="MaxValueLength"/>.</summary>
    /// <param name="pairs">The pairs; <see langword="null"/> or empty for none.</param>
    /// <returns>The metadata, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="ArgumentException">A limit is exceeded; the message names the key.</exception>
    public static CancellationRequestMetadata? From(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return null;
        }

        var copy = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
            {
                throw new ArgumentException($"Metadata keys must be 1 to {MaxKeyLength} characters, not blank; '{Shorten(key)}' is not.", nameof(pairs));
            }

            if (value is null || value.Length > MaxValueLength)
            {
                throw new ArgumentException($"Metadata[{key}] must be a value of at most {MaxValueLength} characters.", nameof(pairs));
            }

            if (!copy.TryAdd(key, value))
            {
                throw new ArgumentException($"Metadata[{key}] is given twice.", nameof(pairs));
            }
        }

        if (copy.Count > MaxEntries)
        {
            throw new ArgumentException($"Metadata holds at most {MaxEntries} pairs, not {copy.Count}.", nameof(pairs));
        }

        return copy.Count == 0 ? null : new CancellationRequestMetadata(copy);
    }

    /// <summary>Reads metadata written by <see cref="ToJson"/>.</summary>
    /// <param name="json">A JSON object of strings, or <see langword="null"/>.</param>
    /// <returns>The metadata, or <see langword="null"/>.</returns>
    public static CancellationRequestMetadata? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return From(document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty)).ToList());
    }

    /// <summary>Gets the pairs as one JSON object, keys in ordinal order (what the stores keep).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in _pairs)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _pairs.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) => _pairs.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(CancellationRequestMetadata? other) =>
        other is not null && (ReferenceEquals(this, other) || _pairs.SequenceEqual(other._pairs));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CancellationRequestMetadata);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _pairs)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Gets the keys only: values may be personal.</summary>
    /// <returns>The keys, in order.</returns>
    public override string ToString() => $"[{string.Join(", ", _pairs.Keys)}]";

    private static string Shorten(string? key) => key is null ? string.Empty : key.Length > 20 ? key[..20] + "…" : key;
}
