using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// The SQL of <see cref="IKciInbox.SearchAsync"/>: a WHERE of the filters a query has, each a bound parameter, with the
/// semantics of <see cref="KciInboxQuery.Matches"/>.
/// </summary>
internal static class InboxSearch
{
    /// <summary>
    /// The page's positions first, from an index where a filter has one, then only those rows: a sort, where one is
    /// needed, holds positions rather than the rows and their bodies.
    /// </summary>
    public static string Page(string where) =>
        $"SELECT * FROM kci_inbox WHERE position IN (SELECT position FROM kci_inbox{where} ORDER BY position DESC LIMIT @limit OFFSET @offset) ORDER BY position DESC;";

    public static string Count(string where) => $"SELECT COUNT(*) FROM kci_inbox{where};";

    /// <summary>The WHERE clause (empty without filters, else with a leading space) and its parameters.</summary>
    public static (string Where, (string Name, object? Value)[] Parameters) Filter(KciInboxQuery query, StoreDialect dialect, InboxSql sql)
    {
        var conditions = new List<string>();
        var parameters = new List<(string, object?)>();
        if (query.Status is { } status)
        {
            conditions.Add("status = @status");
            parameters.Add(("@status", dialect.Small((int)status)));
        }

        if (query.ReceivedFrom is { } from)
        {
            conditions.Add("received_at >= @from");
            parameters.Add(("@from", dialect.Time(from)));
        }

        if (query.ReceivedBefore is { } before)
        {
            conditions.Add("received_at < @before");
            parameters.Add(("@before", dialect.Time(before)));
        }

        if (EntityKeys(query) is { } keys)
        {
            conditions.Add($"entity_key IN ({string.Join(", ", keys.Select((_, i) => $"@key{i}"))})");
            parameters.AddRange(keys.Select((k, i) => ($"@key{i}", (object?)k)));
        }
        else if (query.EntityType is { } type)
        {
            // Keys are TYPE:ID, so ';' (the character after ':') ends the range of one type's keys.
            conditions.Add(sql.KeyPrefix);
            parameters.Add(("@prefix", type.Value + ":"));
            parameters.Add(("@prefixEnd", type.Value + ";"));
        }

        return (conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions), [.. parameters]);
    }

    // KciInboxQuery.EntityKeys is internal to FibreCafe.Kci, which no store package sees into: the same keys.
    private static List<string>? EntityKeys(KciInboxQuery query) =>
        query.EntityId is not { } id ? null
        : query.EntityType is { } type ? [$"{type.Value}:{id}"]
        : KciEntityType.KnownValues.Select(t => $"{t.Value}:{id}").ToList();
}
