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

    /// <summary>
    /// Runs a write in the caller's open transaction (a transactional outbox): the transaction must be this database's
    /// kind, on a connection to this database; it is neither committed nor rolled back here.
    /// </summary>
    /// <exception cref="ArgumentException">The transaction is another database's, or of another kind.</exception>
    Task<T> InTransactionAsync<T>(System.Data.Common.DbTransaction transaction, Func<StoreSession, Task<T>> write, CancellationToken cancellationToken);

    /// <summary>Creates or migrates the schema, once per process; later calls return at once.</summary>
    Task EnsureInitializedAsync(CancellationToken cancellationToken);
}
