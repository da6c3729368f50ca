using System.Data.Common;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// How one database represents the values the stores keep: with their SQL, all that differs between the stores.
/// SQLite keeps times as Unix milliseconds (UTC, so due and lease times compare as numbers) and ids as text;
/// PostgreSQL has <c>timestamptz</c> (UTC only: a KCI's own offset is the same instant in UTC), <c>uuid</c> and <c>smallint</c>.
/// </summary>
internal sealed class StoreDialect
{
    /// <summary>SQLite: the writer's <c>BEGIN IMMEDIATE</c> transaction excludes every other writer, so reads lock nothing.</summary>
    public static readonly StoreDialect Sqlite = new(nativeTypes: false, lockRows: string.Empty, skipLockedRows: string.Empty, clockSql: null, timestampNow: "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");

    /// <summary>PostgreSQL: several receivers write at once, so a read that decides a write locks its rows.</summary>
    public static readonly StoreDialect PostgreSql = new(nativeTypes: true, lockRows: " FOR UPDATE", skipLockedRows: " FOR UPDATE SKIP LOCKED", clockSql: "SELECT now();", timestampNow: "timestamptz NOT NULL DEFAULT now()");

    private readonly bool _nativeTypes;

    private StoreDialect(bool nativeTypes, string lockRows, string skipLockedRows, string? clockSql, string timestampNow)
    {
        _nativeTypes = nativeTypes;
        LockRows = lockRows;
        SkipLockedRows = skipLockedRows;
        ClockSql = clockSql;
        SchemaVersionTable = $"CREATE TABLE IF NOT EXISTS kci_schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at {timestampNow});";
    }

    /// <summary>Gets what ends a <c>SELECT</c> that locks the rows it reads until the transaction ends.</summary>
    public string LockRows { get; }

    /// <summary>Gets what ends a <c>SELECT</c> that locks the rows it reads and passes over rows another transaction holds.</summary>
    public string SkipLockedRows { get; }

    /// <summary>
    /// Gets the query of the database's clock, where instances share the database and must agree on what is due
    /// (PostgreSQL: <c>now()</c>, the transaction's start); <see langword="null"/> where one process owns the database and
    /// the host's <see cref="TimeProvider"/> is the clock (SQLite), which also lets tests use fake time.
    /// </summary>
    public string? ClockSql { get; }

    /// <summary>Gets the DDL of <c>kci_schema_version</c>, idempotent; <c>applied_at</c> defaults to the database's clock.</summary>
    public string SchemaVersionTable { get; }

    /// <summary>A time as a parameter value; <see langword="null"/> stays null.</summary>
    public object? Time(DateTimeOffset? value) => _nativeTypes ? value?.ToUniversalTime() : value?.ToUnixTimeMilliseconds();

    /// <summary>Reads a time column; <see langword="null"/> for SQL NULL.</summary>
    public DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
        : _nativeTypes ? reader.GetFieldValue<DateTimeOffset>(ordinal)
        : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A time cut to what the database keeps (SQLite milliseconds, PostgreSQL microseconds), so a record a store returns equals what it reads back.</summary>
    public DateTimeOffset Precise(DateTimeOffset value) => _nativeTypes
        ? new DateTimeOffset(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero)
        : DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    /// <summary>A time read as a scalar (the answer of <see cref="ClockSql"/>).</summary>
    public DateTimeOffset ToTime(object? value) => value switch
    {
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        long ms => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        _ => throw new InvalidOperationException($"The database's clock answered {value?.GetType().Name ?? "NULL"}, not a time."),
    };

    /// <summary>An id as a parameter value; <see langword="null"/> stays null.</summary>
    public object? Id(Guid? value) => _nativeTypes ? value : value?.ToString("D");

    /// <summary>Reads an id column; <see langword="null"/> for SQL NULL.</summary>
    public Guid? ReadId(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : _nativeTypes ? reader.GetGuid(ordinal) : Guid.Parse(reader.GetString(ordinal));

    /// <summary>A small number (a status, a kind) as a parameter value.</summary>
    public object Small(int value) => _nativeTypes ? checked((short)value) : (long)value;
}
