using System.Text.Json;
using System.Text.Json.Nodes;

namespace FibreCafe.Samples;

/// <summary>Stdout carries JSON lines only (logs go to stderr), so that scripts can read it.</summary>
internal static class JsonLines
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        // Lines for terminals and scripts, never embedded in HTML: keep '+' and non-ASCII text readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly Lock Gate = new();

    public static void Write(JsonObject line)
    {
        var text = line.ToJsonString(Options);
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }
}
