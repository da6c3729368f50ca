using Microsoft.Extensions.Hosting;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// Brings a store's schema up to date when the host starts, so a wrong path, connection string or privilege fails the
/// start rather than the first KCI. (The store also initializes on first use, whichever comes first.)
/// </summary>
internal sealed class StoreInitializer<TDatabase>(TDatabase database) : IHostedService
    where TDatabase : IStoreDatabase
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureInitializedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
