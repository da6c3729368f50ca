using System.Data.Common;

namespace FibreCafe.Storage.Shared;

/// <summary>One row of a query, read by column name with the dialect's value shapes, so each row mapping is written once.</summary>
internal readonly struct StoreRow(DbDataReader reader, StoreDialect dialect)
{
    public string Text(string column) => reader.GetString(reader.GetOrdinal(column));

    public string? TextOrNull(string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    public long Long(string column) => Convert.ToInt64(reader.GetValue(reader.GetOrdinal(column)), System.Globalization.CultureInfo.InvariantCulture);

    public int Int(string column) => Convert.ToInt32(reader.GetValue(reader.GetOrdinal(column)), System.Globalization.CultureInfo.InvariantCulture);

    public long? LongOrNull(string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int? IntOrNull(string column) => LongOrNull(column) is { } value ? checked((int)value) : null;

    public byte[] Bytes(string column) => reader.GetFieldValue<byte[]>(reader.GetOrdinal(column));

    public DateTimeOffset Time(string column) =>
        dialect.ReadTime(reader, reader.GetOrdinal(column)) ?? throw new InvalidOperationException($"Column {column} is NULL.");

    public DateTimeOffset? TimeOrNull(string column) => dialect.ReadTime(reader, reader.GetOrdinal(column));

    public Guid Id(string column) =>
        dialect.ReadId(reader, reader.GetOrdinal(column)) ?? throw new InvalidOperationException($"Column {column} is NULL.");

    public Guid? IdOrNull(string column) => dialect.ReadId(reader, reader.GetOrdinal(column));

    /// <summary>The value of the first column, for results that are a single number.</summary>
    public long FirstLong() => Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
}
