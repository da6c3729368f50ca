using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Tmf641.Notifications;

namespace FibreCafe.Tmf641.Hub;

/// <summary>
/// A subscription's <c>query</c>: terms joined by <c>&amp;</c>, each <c>eventType=A,B</c> (the events sent) or
/// <c>event.&lt;path&gt;=value</c> (only events with that value there, e.g. <c>event.cancelServiceOrder.state=done</c>,
/// compared without case). Anything else is refused at registration: a term that were ignored would send more than asked.
/// </summary>
internal sealed class HubQuery
{
    private readonly HashSet<string>? _eventTypes;
    private readonly List<(string[] Path, string Value)> _terms;

    private HubQuery(HashSet<string>? eventTypes, List<(string[], string)> terms) => (_eventTypes, _terms) = (eventTypes, terms);

    public static HubQuery All { get; } = new(null, []);

    public static (HubQuery? Query, string? Refusal) Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return (All, null);
        }

        HashSet<string>? types = null;
        var terms = new List<(string[], string)>();
        if (query.Contains(';', StringComparison.Ordinal))
        {
            return (null, "query may not use ';' (OR): register one listener per alternative; terms are joined by & (AND).");
        }

        foreach (var term in query.Split('&'))
        {
            var equals = term.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == term.Length - 1)
            {
                return (null, $"query term '{term}' is not name=value; the query takes eventType=<EventType>[,<EventType>] and event.<path>=<value> terms joined by &.");
            }

            var (name, value) = (Uri.UnescapeDataString(term[..equals]), Uri.UnescapeDataString(term[(equals + 1)..]));
            if (name == "eventType")
            {
                types ??= new(StringComparer.Ordinal);
                foreach (var type in value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (Tmf641Events.Names.FirstOrDefault(n => string.Equals(n, type, StringComparison.OrdinalIgnoreCase)) is not { } known)
                    {
                        return (null, $"query's eventType '{type}' is not an event this hub sends ({string.Join(", ", Tmf641Events.Names)}).");
                    }

                    types.Add(known);
                }
            }
            else if (name.StartsWith("event.", StringComparison.Ordinal) && name.Split('.') is { Length: > 1 } path && path.All(p => p.Length > 0))
            {
                terms.Add((path, value));
            }
            else
            {
                return (null, $"query term '{name}' is not supported; the query takes eventType=<EventType>[,<EventType>] and event.<path>=<value> terms joined by &.");
            }
        }

        return (new HubQuery(types, terms), null);
    }

    public bool Matches(string eventType, JsonObject envelope) =>
        (_eventTypes is null || _eventTypes.Contains(eventType)) && _terms.All(t => ValueAt(envelope, t.Path) is { } v && string.Equals(v, t.Value, StringComparison.OrdinalIgnoreCase));

    private static string? ValueAt(JsonObject envelope, string[] path)
    {
        JsonNode? node = envelope;
        foreach (var segment in path)
        {
            node = node is JsonObject o && o.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;
    }
}
