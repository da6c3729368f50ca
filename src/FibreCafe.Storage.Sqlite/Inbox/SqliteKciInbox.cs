using FibreCafe.Kci;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// The <see cref="IKciInbox"/> on SQLite. Every write goes through the store's one writer
/// (<see cref="SqliteWriter"/>): concurrent inserts, claims and completions share commits, and a claim reads and
/// leases its heads inside the writer's transaction, so no other write interleaves.
/// </summary>
internal sealed class SqliteKciInbox(SqliteKciDatabase database, TimeProvider timeProvider) : RelationalKciInbox(database, timeProvider, SqliteSql.Inbox);
