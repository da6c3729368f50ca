using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Tmf641.Resources;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// Turns the request store's feeds into CancelServiceOrder notifications: a submission is a
/// <c>CancelServiceOrderCreateEvent</c>, a move that changes the task state a <c>CancelServiceOrderStateChangeEvent</c>.
/// Its cursor is a checkpoint written in the same transaction as the notifications it made, so a crash repeats a pass at
/// most (the events' ids are derived from what caused them, and the outbox keeps the first). A gap in a feed (a change
/// still committing, on PostgreSQL) is waited for while the change after it is younger than
/// <see cref="Tmf641HubOptions.FeedGapTimeout"/>; older gaps are purged or rolled-back rows, passed at once.
/// </summary>
internal sealed class Tmf641RequestFeed(
    ICancellationRequestStore requests,
    ICancellationLedger ledger,
    INotificationOutbox outbox,
    Tmf641Notifier notifier,
    Tmf641Routes routes,
    Tmf641FeedSignal signal,
    Tmf641DeliverySignal delivery,
    IOptionsMonitor<Tmf641Options> options,
    TimeProvider timeProvider,
    ILogger<Tmf641RequestFeed> logger) : Tmf641BackgroundLoop(signal, options, timeProvider, logger)
{
    public const string CheckpointName = "tmf641:requests";
    private const int Batch = 200;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (afterNumber, afterPosition) = Parse(await outbox.GetCheckpointAsync(CheckpointName, cancellationToken).ConfigureAwait(false));
        var added = Contiguous(await requests.ListAddedAfterAsync(afterNumber, Batch, cancellationToken).ConfigureAwait(false), afterNumber, r => r.Number, r => r.CreatedAt);
        var changes = Contiguous(await requests.ReadChangesAfterAsync(afterPosition, Batch, cancellationToken).ConfigureAwait(false), afterPosition, c => c.Position, c => c.Entry.At);
        if (added.Count == 0 && changes.Count == 0)
        {
            return false;
        }

        var listeners = await notifier.ListenersAsync(cancellationToken).ConfigureAwait(false);
        var links = routes.Links();
        var notifications = new List<OutboundNotification>();
        foreach (var request in added.Where(r => r.Kind == CancellationKind.ServiceOrder))
        {
            var resource = AsOf(CancelServiceOrderResource.Of(request, null, links), TaskStates.Accepted, request); // as it was when submitted
            Add(notifications, listeners, Tmf641Events.CancelServiceOrderCreate, request, request.CreatedAt, resource, $"CancelServiceOrder {request.Reference} was created for order {request.TargetId}.");
        }

        // The resource as it is now, with the state the move gave it: the feed keeps moves, not past versions of the row.
        var next = (Number: added.Count > 0 ? added[^1].Number : afterNumber, Position: afterPosition);
        var current = new Dictionary<Guid, CancellationRequest?>();
        var stopped = false;
        foreach (var change in changes)
        {
            if (change.Kind != CancellationKind.ServiceOrder || change.Entry.From is null)
            {
                next.Position = change.Position;
                continue;
            }

            var (from, to) = (TaskStates.Of(change.Entry.From!.Value), TaskStates.Of(change.Entry.To));
            if (from == to)
            {
                next.Position = change.Position;
                continue;
            }

            if (!current.TryGetValue(change.RequestId, out var request))
            {
                current[change.RequestId] = request = await requests.GetAsync(change.RequestId, cancellationToken).ConfigureAwait(false);
            }

            if (request is null)
            {
                next.Position = change.Position;
                continue; // purged since
            }

            if (request.Number > next.Number)
            {
                stopped = true;
                break; // its submission is not read yet (a gap in that feed): its create event goes first
            }

            var resource = AsOf(await CancelServiceOrderResource.ReadAsync(request, ledger, links, cancellationToken).ConfigureAwait(false), to, request);
            Add(notifications, listeners, Tmf641Events.CancelServiceOrderStateChange, request, change.Entry.At, resource,
                $"CancelServiceOrder {request.Reference} is {to}: {change.Entry.Cause}", change.Position);
            next.Position = change.Position;
        }

        var enqueued = await outbox.EnqueueAsync(notifications, new NotificationCheckpoint(CheckpointName, Format(next)), cancellationToken).ConfigureAwait(false);
        if (enqueued > 0)
        {
            delivery.Notify();
        }

        return added.Count == Batch || (!stopped && changes.Count == Batch);
    }

    private void Add(List<OutboundNotification> notifications, IReadOnlyList<Listener> listeners, string eventType, CancellationRequest request, DateTimeOffset occurred, JsonObject resource, string description, long position = 0)
    {
        var id = Tmf641Events.IdOf(string.Create(CultureInfo.InvariantCulture, $"{eventType}:{request.Id:D}:{position}"));
        var title = eventType == Tmf641Events.CancelServiceOrderCreate ? "CancelServiceOrder created" : "CancelServiceOrder state changed";
        var envelope = Tmf641Events.Envelope(id, eventType, occurred, Clock.GetUtcNow(), request.ConversationId, title, description, "cancelServiceOrder", resource);
        notifications.AddRange(notifier.For(listeners, eventType, $"cancelServiceOrder:{request.Id:D}", occurred, envelope));
    }

    // The event's state, and the outcome's fields only when that state is the request's current one: a notification of
    // "inProgress" read after the request completed does not carry the completion.
    private static JsonObject AsOf(JsonObject resource, string state, CancellationRequest request)
    {
        if (state != TaskStates.Of(request.State))
        {
            resource.Remove("effectiveCancellationDate");
            resource.Remove("completionMessage");
            resource.Remove("errorMessage");
        }

        resource["state"] = state;
        return resource;
    }

    /// <summary>The items up to the first gap that may still fill: one whose next item is younger than the gap timeout.</summary>
    private List<T> Contiguous<T>(IReadOnlyList<T> items, long after, Func<T, long> position, Func<T, DateTimeOffset> at)
    {
        var taken = new List<T>();
        var expected = after + 1;
        var young = Clock.GetUtcNow() - Options.CurrentValue.Hub.FeedGapTimeout;
        foreach (var item in items)
        {
            if (position(item) != expected && at(item) > young)
            {
                break; // wait: a change with the missing position may still commit
            }

            taken.Add(item);
            expected = position(item) + 1;
        }

        return taken;
    }

    private static (long Number, long Position) Parse(string? checkpoint) =>
        checkpoint?.Split(':') is [var number, var position]
            ? (long.Parse(number, CultureInfo.InvariantCulture), long.Parse(position, CultureInfo.InvariantCulture))
            : (0, 0);

    private static string Format((long Number, long Position) cursor) => string.Create(CultureInfo.InvariantCulture, $"{cursor.Number}:{cursor.Position}");
}
