using System.Text;
using System.Text.Json;

namespace FibreCafe.Kci.Kcis;

/// <summary>
/// Finds property names given more than once in one object, compared as the binder compares them (ignoring
/// case), at any depth. Validation reads one copy of a name and the binder another, so a body with both
/// <c>sequenceNumber</c> and <c>SequenceNumber</c> could be validated as one KCI and stored as another; such a
/// body is refused instead. One forward pass over the bytes (already known to be valid JSON); a name is
/// compared as raw bytes while it is plain ASCII, so a usual KCI costs no string per name.
/// </summary>
internal static class KciDuplicateNames
{
    // Past this many names in one object, pairwise comparison gives way to a hash set.
    private const int PairwiseLimit = 16;

    // A body is refused at the first duplicates anyway; naming a few is enough to fix it.
    private const int MaxReported = 5;

    /// <returns>One message per duplicated name (at most a few), or <see langword="null"/> when there is none.</returns>
    public static List<string>? Find(ReadOnlySpan<byte> json)
    {
        List<string>? problems = null;
        var frames = new List<Frame>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    CountArrayElement(frames);
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    var name = Name.Of(ref reader, json);
                    var frame = frames[^1];
                    if (frame.Add(name, json) is { } earlier)
                    {
                        problems ??= [];
                        var (first, second) = (earlier.Text(json), name.Text(json));
                        var spellings = first == second ? string.Empty : $" (as {first} and {second})";
                        problems.Add($"{PathOf(frames, json)}{first} is given more than once{spellings}.");
                        if (problems.Count == MaxReported)
                        {
                            return problems;
                        }
                    }

                    frame.Current = name;
                    break;
                default:
                    CountArrayElement(frames);
                    break;
            }
        }

        return problems;
    }

    private static void CountArrayElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    // The path of the innermost object, e.g. "entity." or "supplierNotes[0].": each frame is named by its parent.
    private static string PathOf(List<Frame> frames, ReadOnlySpan<byte> json)
    {
        var path = new StringBuilder();
        for (var i = 1; i < frames.Count; i++)
        {
            var parent = frames[i - 1];
            if (parent.IsArray)
            {
                path.Append('[').Append(parent.Index).Append(']');
            }
            else
            {
                path.Append(path.Length > 0 ? "." : string.Empty).Append(parent.Current.Text(json));
            }
        }

        return path.Length > 0 ? path.Append('.').ToString() : string.Empty;
    }

    /// <summary>A property name: where its bytes are while it is plain unescaped ASCII, else its text.</summary>
    private readonly record struct Name(int Start, int Length, string? Decoded)
    {
        public static Name Of(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
        {
            var raw = reader.ValueSpan;
            if (!reader.ValueIsEscaped && Ascii.IsValid(raw))
            {
                // The reader runs over one contiguous span, so the name sits just after its opening quote.
                return new Name((int)reader.TokenStartIndex + 1, raw.Length, null);
            }

            return new Name(0, 0, reader.GetString());
        }

        public string Text(ReadOnlySpan<byte> json) => Decoded ?? Encoding.ASCII.GetString(json.Slice(Start, Length));

        public bool SameAs(Name other, ReadOnlySpan<byte> json) =>
            Decoded is null && other.Decoded is null
                ? Length == other.Length && Ascii.EqualsIgnoreCase(json.Slice(Start, Length), json.Slice(other.Start, other.Length))
                : string.Equals(Text(json), other.Text(json), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Frame(bool isArray)
    {
        private List<Name>? _names;
        private HashSet<string>? _set;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public Name Current { get; set; }

        /// <returns>The earlier spelling of the same name in this object, or <see langword="null"/>.</returns>
        public Name? Add(Name name, ReadOnlySpan<byte> json)
        {
            _names ??= [];
            if (_set is null)
            {
                foreach (var earlier in _names)
                {
                    if (earlier.SameAs(name, json))
                    {
                        return earlier;
                    }
                }

                _names.Add(name);
                if (_names.Count > PairwiseLimit)
                {
                    _set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var known in _names)
                    {
                        _set.Add(known.Text(json));
                    }
                }

                return null;
            }

            if (_set.Add(name.Text(json)))
            {
                _names.Add(name);
                return null;
            }

            foreach (var earlier in _names)
            {
                if (earlier.SameAs(name, json))
                {
                    return earlier;
                }
            }

            return name; // unreachable: the set holds the text of every name in the list
        }
    }
}
