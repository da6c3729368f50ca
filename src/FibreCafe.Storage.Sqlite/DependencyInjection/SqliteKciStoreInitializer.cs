using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.Sqlite;

/// <summary>
/// Creates the schema when the host starts, so a wrong path fails the start rather than the first KCI.
/// (The store also initializes on first use, whichever comes first.)
/// </summary>
internal sealed class SqliteKciStoreInitializer(SqliteKciDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureInitializedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
