namespace FibreCafe.Storage.Shared;

/// <summary>
/// One store's database as every repository uses it: reads on a session without a transaction, writes in one
/// transaction per call (SQLite: the writer's shared transaction; PostgreSQL: its own), committed before the call returns.
/// The schema is brought up to date once, before the first read or write.
/// </summary>
internal interface IStoreDatabase
{
    Task<T> ReadAsync<T>(Func<StoreSession, Task<T>> read, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<StoreSession, Task<T>> write, CancellationToken cancellationToken);

    /// <summary>Creates or migrates the schema, once per process; later calls return at once.</summary>
    Task EnsureInitializedAsync(CancellationToken cancellationToken);
}
