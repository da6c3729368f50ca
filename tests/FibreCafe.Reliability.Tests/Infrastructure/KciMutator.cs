using System.Text;
using System.Text.Json.Nodes;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// Turns valid KCIs (the contract's examples and generated ones) into broken ones, deterministically from a
/// seed: truncated, a value of the wrong type, huge strings, deep nesting, invalid UTF-8, missing fields,
/// flipped bytes, extreme numbers, and bodies that are not a KCI at all. Each body gets a KCI id of its own,
/// so that an accepted one is stored rather than taken for a duplicate.
/// </summary>
internal sealed class KciMutator(int seed)
{
    public static readonly string[] Kinds =
        ["truncated", "wrong type", "huge string", "deep nesting", "invalid UTF-8", "missing field", "flipped bytes", "extreme number", "not a KCI"];

    private static readonly JsonNode?[] OtherValues =
        [null, true, false, 0, -1, 1.5, 1e300, "", "text", "2024-13-45T99:99:99Z", new JsonArray(), new JsonArray(1, "a"), new JsonObject(), new JsonObject { ["x"] = 1 }];

    private readonly Random _random = new(seed);
    private readonly List<JsonObject> _valid = LoadValid();

    public (string Kind, byte[] Body) Next(int index)
    {
        var kind = Kinds[index % Kinds.Length];
        var kci = (JsonObject)_valid[_random.Next(_valid.Count)].DeepClone();
        kci["id"] = Guid.NewGuid().ToString("D");
        return (kind, kind switch
        {
            "truncated" => Truncated(kci),
            "wrong type" => Bytes(WrongType(kci)),
            "huge string" => Bytes(HugeString(kci)),
            "deep nesting" => DeepNesting(kci),
            "invalid UTF-8" => InvalidUtf8(kci),
            "missing field" => Bytes(MissingField(kci)),
            "flipped bytes" => FlippedBytes(kci),
            "extreme number" => ExtremeNumber(kci),
            _ => NotAKci(kci),
        });
    }

    private static List<JsonObject> LoadValid()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "kcis"), "*.json").Order()
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());
        var generated = Enumerable.Range(1, 6).Select(n => Kcis.OrderStatus(100 + n, n));
        return [.. examples, .. generated];
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private byte[] Truncated(JsonObject kci)
    {
        var bytes = Bytes(kci);
        return bytes[.._random.Next(bytes.Length)];
    }

    private JsonObject WrongType(JsonObject kci)
    {
        var (parent, key) = PickProperty(kci);
        parent[key] = OtherValues[_random.Next(OtherValues.Length)]?.DeepClone();
        return kci;
    }

    private JsonObject HugeString(JsonObject kci)
    {
        // Up to 2 MiB: those above the receiver's 1 MiB cap are refused with 413, the rest are read in full.
        var length = _random.Next(4) == 0 ? _random.Next(1_000_000, 2_000_000) : _random.Next(10_000, 400_000);
        var (parent, key) = PickProperty(kci);
        parent[key] = new string((char)_random.Next('a', 'z' + 1), length) + "\u00e9\u4e2d\ud83d\ude00";
        return kci;
    }

    private byte[] DeepNesting(JsonObject kci)
    {
        var depth = _random.Next(2) == 0 ? _random.Next(60, 200) : _random.Next(1_000, 100_000);
        var (open, close) = _random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var nested = new StringBuilder(depth * (open.Length + 1) + 16);
        for (var i = 0; i < depth; i++)
        {
            nested.Append(open);
        }

        nested.Append('1');
        for (var i = 0; i < depth; i++)
        {
            nested.Append(close);
        }

        var (parent, key) = PickProperty(kci);
        parent[key] = "__NESTED__";
        return Encoding.UTF8.GetBytes(kci.ToJsonString().Replace("\"__NESTED__\"", nested.ToString(), StringComparison.Ordinal));
    }

    private byte[] InvalidUtf8(JsonObject kci)
    {
        byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF]];
        var bytes = Bytes(kci).ToList();
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            // Mostly inside a string value (after a quote), sometimes anywhere.
            var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToList();
            var at = _random.Next(3) > 0 && quotes.Count > 0 ? quotes[_random.Next(quotes.Count)] + 1 : _random.Next(bytes.Count);
            bytes.InsertRange(at, invalid[_random.Next(invalid.Length)]);
        }

        return [.. bytes];
    }

    private JsonObject MissingField(JsonObject kci)
    {
        for (var n = _random.Next(1, 3); n > 0; n--)
        {
            var (parent, key) = PickProperty(kci);
            parent.Remove(key);
        }

        return kci;
    }

    private byte[] FlippedBytes(JsonObject kci)
    {
        var bytes = Bytes(kci);
        for (var n = _random.Next(1, 8); n > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        }

        return bytes;
    }

    private byte[] ExtremeNumber(JsonObject kci)
    {
        string[] numbers = ["1e400", "-1e400", "99999999999999999999999999", "-9223372036854775809", "9223372036854775808", "0", "-0", "1.0000000000000000001", "4.9e-324", "-1"];
        var (parent, key) = _random.Next(2) == 0 ? (kci, "sequenceNumber") : kci["entity"] is JsonObject entity ? (entity, "id") : PickProperty(kci);
        parent[key] = "__NUMBER__";
        return Encoding.UTF8.GetBytes(kci.ToJsonString().Replace("\"__NUMBER__\"", numbers[_random.Next(numbers.Length)], StringComparison.Ordinal));
    }

    private byte[] NotAKci(JsonObject kci)
    {
        string[] bodies =
        [
            "", " ", "null", "true", "42", "\"a string\"", "[]", "[{}]", "{}", "{", "}", "{\"id\":}", "\uFEFF{}",
            "{\"id\":\"x\",\"id\":\"y\"}", "{\"sequenceNumber\":1,\"sequenceNumber\":\"one\"}", "{'id':1}", "{\"a\":1,}", "[" + kci.ToJsonString() + "]",
            kci.ToJsonString() + kci.ToJsonString(), kci.ToJsonString() + "garbage", "\0\0\0", "<kci/>",
        ];
        return Encoding.UTF8.GetBytes(bodies[_random.Next(bodies.Length)]);
    }

    // Any property of the KCI, at any depth.
    private (JsonObject Parent, string Key) PickProperty(JsonObject kci)
    {
        var all = new List<(JsonObject, string)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        all.Add((o, key));
                        Walk(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(kci);
        return all[_random.Next(all.Count)];
    }
}
