using System.Text;
using System.Text.Json;

namespace FibreCafe.Kci.Kcis;

/// <summary>
/// Finds property names given more than once in one object, compared as the binder compares them (ignoring
/// case), at any depth. Validation reads one copy of a name and the binder another, so a body with both
/// <c>sequenceNumber</c> and <c>SequenceNumber</c> could be validated as one KCI and stored as another; such a
/// body is refused instead. One forward pass over the bytes (already known to be valid JSON); a name is
/// compared as raw bytes while it is plain ASCII, and the names of all open objects share one
/// list reused by the thread, so a usual KCI costs no allocation but the reader's.
/// </summary>
internal static class KciDuplicateNames
{
    // Past this many names in one object, pairwise comparison gives way to a hash set.
    private const int PairwiseLimit = 16;

    // A body is refused at the first duplicates anyway; naming a few is enough to fix it.
    private const int MaxReported = 5;

    // Scratch lists kept only while small, so a hostile body with huge objects does not pin memory.
    private const int KeptCapacity = 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <returns>One message per duplicated name (at most a few), or <see langword="null"/> when there is none.</returns>
    public static List<string>? Find(ReadOnlySpan<byte> json)
    {
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null; // not shared with a nested call, should there ever be one
        try
        {
            return Scan(json, scratch.Names, scratch.Frames);
        }
        finally
        {
            if (scratch.Names.Capacity <= KeptCapacity && scratch.Frames.Capacity <= KeptCapacity)
            {
                scratch.Names.Clear();
                scratch.Frames.Clear();
                t_scratch = scratch;
            }
        }
    }

    private static List<string>? Scan(ReadOnlySpan<byte> json, List<Name> names, List<Frame> frames)
    {
        List<string>? problems = null;
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    CountArrayElement(frames);
                    frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray, Index = -1, Start = names.Count });
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    var ended = frames[^1];
                    names.RemoveRange(ended.Start, names.Count - ended.Start);
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    var name = Name.Of(ref reader);
                    var frame = frames[^1];
                    if (Earlier(ref frame, name, names, json) is { } earlier)
                    {
                        var (first, second) = (earlier.Text(json), name.Text(json));
                        var spellings = first == second ? string.Empty : $" (as {first} and {second})";
                        problems ??= [];
                        problems.Add($"{PathOf(frames, json)}{first} is given more than once{spellings}.");
                        if (problems.Count == MaxReported)
                        {
                            return problems;
                        }
                    }

                    frame.Current = name;
                    frames[^1] = frame;
                    break;
                default:
                    CountArrayElement(frames);
                    break;
            }
        }

        return problems;
    }

    /// <returns>The earlier spelling of <paramref name="name"/> in the innermost object, or <see langword="null"/> after adding it.</returns>
    private static Name? Earlier(ref Frame frame, Name name, List<Name> names, ReadOnlySpan<byte> json)
    {
        if (frame.Set is null || !frame.Set.Add(name.Text(json)))
        {
            for (var i = frame.Start; i < names.Count; i++)
            {
                if (names[i].SameAs(name, json))
                {
                    return names[i];
                }
            }
        }

        names.Add(name);
        if (frame.Set is null && names.Count - frame.Start > PairwiseLimit)
        {
            frame.Set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = frame.Start; i < names.Count; i++)
            {
                frame.Set.Add(names[i].Text(json));
            }
        }

        return null;
    }

    private static void CountArrayElement(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            var array = frames[^1];
            array.Index++;
            frames[^1] = array;
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
        public static Name Of(ref Utf8JsonReader reader)
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

    /// <summary>An open object or array: for an object, where its names start in the shared list and its last name.</summary>
    private struct Frame
    {
        public bool IsArray;
        public int Index;
        public int Start;
        public Name Current;
        public HashSet<string>? Set;
    }

    private sealed class Scratch
    {
        public List<Name> Names { get; } = new(64);

        public List<Frame> Frames { get; } = new(16);
    }
}
