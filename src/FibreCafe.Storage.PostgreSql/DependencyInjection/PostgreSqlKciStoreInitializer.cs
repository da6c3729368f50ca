using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// Brings the schema up to date when the host starts, so a wrong connection string or a missing privilege
/// fails the start rather than the first KCI. (The store also initializes on first use, whichever comes first.)
/// </summary>
internal sealed class PostgreSqlKciStoreInitializer(PostgreSqlKciDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureInitializedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
