using Microsoft.Data.Sqlite;

namespace FibreCafe.Storage.Sqlite;

/// <summary>How the store writes and reads values: times as Unix milliseconds, ids as text.</summary>
internal static class SqliteValues
{
    public static long ToUnixMs(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToUnixMs(this DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset? GetTime(this SqliteDataReader reader, string column) =>
        reader[column] is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static string? GetText(this SqliteDataReader reader, string column) => reader[column] as string;

    public static string Id(Guid id) => id.ToString("D");
}
