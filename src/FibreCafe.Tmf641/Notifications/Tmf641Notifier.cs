using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Hub;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>Makes the notifications of one event: one per subscription whose query matches and that existed when the event occurred.</summary>
internal sealed class Tmf641Notifier(IEventSubscriptionStore subscriptions, IOptionsMonitor<Tmf641Options> options, TimeProvider timeProvider)
{
    public Task<IReadOnlyList<EventSubscription>> SubscriptionsAsync(CancellationToken cancellationToken) =>
        subscriptions.ListAsync(Tmf641Constants.HubApi, cancellationToken);

    public IEnumerable<OutboundNotification> For(IReadOnlyList<EventSubscription> listeners, string eventType, string orderingKey, DateTimeOffset occurred, JsonObject envelope)
    {
        var now = timeProvider.GetUtcNow();
        var body = envelope.ToJsonString();
        var eventId = Guid.Parse((string)envelope["eventId"]!);
        foreach (var listener in listeners)
        {
            // A listener hears what happens after it registered, never the past; a query it no longer parses hears nothing.
            if (listener.CreatedAt > occurred || HubQuery.Parse(listener.Query).Query is not { } query || !query.Matches(eventType, envelope))
            {
                continue;
            }

            yield return new OutboundNotification
            {
                EventId = eventId,
                SubscriptionId = listener.Id,
                OrderingKey = orderingKey,
                EventType = eventType,
                Url = UrlOf(listener.Callback, eventType),
                Body = body,
                NextAttemptAt = now,
                CreatedAt = now,
            };
        }
    }

    // The listener path goes after the callback's path, before its query (a token the listener checks stays where it was).
    private string UrlOf(string callback, string eventType)
    {
        if (!options.CurrentValue.Hub.AppendListenerPath)
        {
            return callback;
        }

        var uri = new UriBuilder(callback);
        uri.Path = uri.Path.TrimEnd('/') + "/" + Tmf641Events.ListenerPath(eventType);
        return uri.Uri.AbsoluteUri;
    }
}
