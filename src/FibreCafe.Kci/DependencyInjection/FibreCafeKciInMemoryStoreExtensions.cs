using FibreCafe.Kci.Notifications;
using FibreCafe.Kci.Requests;
using FibreCafe.Kci;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the KCI inbox, the cancellation ledger, the cancellation requests and the notifications in memory, on purpose: for tests and demos.</summary>
public static class FibreCafeKciInMemoryStoreExtensions
{
    /// <summary>
    /// Keeps the inbox, the entity states, the cancellation ledger, the cancellation requests, the event subscriptions and
    /// the notification outbox in this process's memory. Everything is lost when the process stops, including KCIs
    /// already acknowledged with 204, so this is for tests and demos; a receiver in production uses <c>UseSqliteStore()</c> or <c>UsePostgreSqlStore()</c>. Without
    /// any store choice the host starts only in the Development environment. A receiver has one store.
    /// </summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">Another store was chosen already.</exception>
    public static IFibreCafeKciReceiverBuilder UseInMemoryStore(this IFibreCafeKciReceiverBuilder builder)
    {
        if (!KciStoreChoice.Register(builder, nameof(UseInMemoryStore)))
        {
            return builder;
        }

        var services = builder.Services;
        services.RemoveAll<IKciInbox>();
        services.RemoveAll<ICancellationLedger>();
        services.RemoveAll<ICancellationRequestStore>();
        services.RemoveAll<IEventSubscriptionStore>();
        services.RemoveAll<INotificationOutbox>();
        services.AddSingleton<IKciInbox, InMemoryKciInbox>();
        services.AddSingleton<ICancellationLedger, InMemoryCancellationLedger>();
        services.AddSingleton<ICancellationRequestStore, InMemoryCancellationRequestStore>();
        services.TryAddSingleton<InMemoryNotifications>();
        services.AddSingleton<IEventSubscriptionStore, InMemoryEventSubscriptionStore>();
        services.AddSingleton<INotificationOutbox, InMemoryNotificationOutbox>();
        return builder;
    }
}
