using FibreCafe.Kci.Notifications;
using FibreCafe.Kci.Requests;
using FibreCafe.Kci.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// Durable by default: a receiver acknowledges a KCI only once it is stored, which means nothing if the store
/// is memory. Without <c>UseSqliteStore()</c>, <c>UsePostgreSqlStore()</c> or a store of the host's own, the
/// host does not start, unless the in-memory store was chosen with <c>UseInMemoryStore()</c> or the host
/// environment is Development (then one warning). A host without an <see cref="IHostEnvironment"/> is not
/// Development. Registered before the dispatcher, so it refuses the start before a KCI is dispatched.
/// </summary>
internal sealed class KciDurableStoreGuard(IServiceProvider services, ILogger<KciDurableStoreGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var inMemory = InMemoryParts(services);
        if (inMemory is null || services.GetService<KciStoreChoice>()?.Name == nameof(FibreCafeKciInMemoryStoreExtensions.UseInMemoryStore))
        {
            return Task.CompletedTask;
        }

        var environment = services.GetService<IHostEnvironment>();
        if (environment?.IsDevelopment() == true)
        {
            Log.InMemoryStoreInDevelopment(logger, inMemory);
            return Task.CompletedTask;
        }

        throw new InvalidOperationException(
            $"The KCI receiver has no durable store: it keeps {inMemory} in memory, so KCIs it acknowledged would be lost "
            + "when the process stops. Choose a store on AddFibreCafeKciReceiver(...): .UseSqliteStore() for one process "
            + "(package FibreCafe.Storage.Sqlite) or .UsePostgreSqlStore() for several (FibreCafe.Storage.PostgreSql); "
            + ".UseInMemoryStore() keeps memory on purpose, for tests. Without a choice memory is allowed only in the "
            + $"Development environment (this host's is {environment?.EnvironmentName ?? "not set"}).");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string? InMemoryParts(IServiceProvider services)
    {
        string?[] parts =
        [
            services.GetRequiredService<IKciInbox>() is InMemoryKciInbox ? "the inbox" : null,
            services.GetRequiredService<ICancellationLedger>() is InMemoryCancellationLedger ? "the cancellation ledger" : null,
            services.GetRequiredService<ICancellationRequestStore>() is InMemoryCancellationRequestStore ? "the cancellation requests" : null,
            services.GetRequiredService<IEventSubscriptionStore>() is InMemoryEventSubscriptionStore ? "the event subscriptions" : null,
            services.GetRequiredService<INotificationOutbox>() is InMemoryNotificationOutbox ? "the notification outbox" : null,
        ];
        var inMemory = parts.OfType<string>().ToList();
        return inMemory.Count switch
        {
            0 => null,
            1 => inMemory[0],
            _ => string.Join(", ", inMemory[..^1]) + " and " + inMemory[^1],
        };
    }
}
