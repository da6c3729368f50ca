namespace FibreCafe.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteKciStoreOptions"/> when the host starts; every message names its key (e.g. <c>FibreCafe:Kci:Store:Path</c>).</summary>
internal sealed class SqliteKciStoreOptionsValidator(string receiverSectionPath) : StoreOptionsValidator<SqliteKciStoreOptions>(receiverSectionPath)
{
    protected override void ValidateStore(string storeKey, SqliteKciStoreOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{storeKey}:Path is required by UseSqliteStore() (or pass the path).");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > SqliteKciStoreOptions.MaxBusyTimeout)
        {
            failures.Add($"{storeKey}:BusyTimeout must be from 00:00:00 to {SqliteKciStoreOptions.MaxBusyTimeout} (was {options.BusyTimeout}).");
        }
    }
}
