using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Hub;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>Makes the notifications of one event: one per subscription whose query matches and that existed when the event occurred.</summary>
internal sealed class Tmf641Notifier(IEventSubscriptionStore subscriptions, IOptionsMonitor<Tmf641Options> options, TimeProvider timeProvider)
{
    /// <summary>The hub's listeners with their queries parsed once, for every event of a pass; one whose query no longer parses hears nothing.</summary>
    public async Task<IReadOnlyList<Listener>> ListenersAsync(CancellationToken cancellationToken) =>
        (await subscriptions.ListAsync(Tmf641Constants.HubApi, cancellationToken).ConfigureAwait(false))
            .Select(s => HubQuery.Parse(s.Query).Query is { } query ? new Listener(s, query) : null)
            .OfType<Listener>()
            .ToList();

    public IEnumerable<OutboundNotification> For(IReadOnlyList<Listener> listeners, string eventType, string orderingKey, DateTimeOffset occurred, JsonObject envelope)
    {
        var now = timeProvider.GetUtcNow();
        var body = envelope.ToJsonString();
        var eventId = Guid.Parse((string)envelope["eventId"]!);
        foreach (var (listener, query) in listeners)
        {
            // A listener hears what happens after it registered, never the past.
            if (listener.CreatedAt > occurred || !query.Matches(eventType, envelope))
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

/// <summary>A subscription of the hub and its parsed query.</summary>
internal sealed record Listener(EventSubscription Subscription, HubQuery Query);
