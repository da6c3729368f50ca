using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Kci;
using FibreCafe.Shared;
using Microsoft.Extensions.Options;

namespace FibreCafe.Tmf641.Notifications;

/// <summary>
/// Delivers the outbox: POSTs each due notification to its listener (the claim gives each listener and resource its
/// oldest first, so they arrive in order), a 2xx completes it, anything else is retried with back-off under the same
/// <c>eventId</c> and parked after <see cref="Tmf641HubOptions.MaxAttempts"/>. Listeners are delivered concurrently, so a
/// dead one only holds back its own notifications. Only the lease holder records an outcome.
/// </summary>
internal sealed partial class Tmf641Delivery(
    INotificationOutbox outbox,
    IHttpClientFactory clients,
    Tmf641DeliverySignal signal,
    IOptionsMonitor<Tmf641Options> options,
    TimeProvider timeProvider,
    ILogger<Tmf641Delivery> logger) : Tmf641BackgroundLoop(signal, options, timeProvider, logger)
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, Guid> _inFlight = new();

    protected override bool Enabled => Options.CurrentValue.Hub.DeliveryEnabled;

    /// <summary>
    /// Claims as many notifications as there are free slots and starts them; it does not wait for them, so a listener
    /// that answers slowly holds only the slots of its own notifications while the others are refilled as they finish.
    /// </summary>
    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var hub = Options.CurrentValue.Hub;
        var free = hub.MaxConcurrentDeliveries - _inFlight.Count;
        if (free <= 0)
        {
            await Task.WhenAny(_inFlight.Keys).ConfigureAwait(false);
            return true;
        }

        // A listener gets at most half the slots, so one that answers slowly (or never, until the attempt times out)
        // leaves the other half to the rest: the claim skips listeners at their share; what one claim takes beyond a
        // share is given back untried and claimed again later.
        var share = Math.Max(1, hub.MaxConcurrentDeliveries / 2);
        var busy = _inFlight.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var full = busy.Where(b => b.Value >= share).Select(b => b.Key).ToList();
        var claimed = await outbox.ClaimDueAsync(_owner, Tmf641Constants.DeliveryLeaseDuration, free, full, cancellationToken).ConfigureAwait(false);
        var started = 0;
        foreach (var notification in claimed)
        {
            if (busy.GetValueOrDefault(notification.SubscriptionId) >= share)
            {
                await outbox.ReleaseAsync(notification, cancellationToken).ConfigureAwait(false);
                continue;
            }

            busy[notification.SubscriptionId] = busy.GetValueOrDefault(notification.SubscriptionId) + 1;
            started++;
            var delivery = DeliverAsync(notification, hub, cancellationToken);
            _inFlight[delivery] = notification.SubscriptionId;
            _ = delivery.ContinueWith(
                done =>
                {
                    if (done.Exception is { } failed)
                    {
                        // The store went away while recording the outcome: the lease ends and the notification is sent again.
                        OutcomeNotRecorded(Logger, notification.EventType, notification.EventId, failed.GetBaseException());
                    }

                    _inFlight.TryRemove(done, out _);
                    Signal.Notify(); // a slot is free, and the key's next notification may be due
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return started > 0 && claimed.Count == free;
    }

    /// <summary>Waits until the deliveries started so far have recorded their outcomes.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_inFlight.Keys);

    private async Task DeliverAsync(OutboundNotification notification, Tmf641HubOptions hub, CancellationToken cancellationToken)
    {
        await Task.Yield(); // back to the claim loop first: it tracks the task (its removal is a continuation, so either order is safe)
        int? status = null;
        string? error;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(hub.AttemptTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, notification.Url) { Content = new StringContent(notification.Body, Encoding.UTF8) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(Tmf641Constants.MediaType);
            using var response = await clients.CreateClient(Tmf641Constants.ListenerClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await outbox.CompleteAsync(notification, status, CancellationToken.None).ConfigureAwait(false);
                Delivered(Logger, notification.EventType, notification.EventId, notification.SubscriptionId, status.Value);
                return;
            }

            error = string.Create(CultureInfo.InvariantCulture, $"the listener answered {status}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the host stops: the lease ends and the notification is delivered later
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            error = ex is OperationCanceledException ? $"no answer within {hub.AttemptTimeout}" : $"{ex.GetType().Name}: {ex.Message}";
        }

        var attempt = notification.Attempts + 1;
        DateTimeOffset? retryAt = attempt >= hub.MaxAttempts
            ? null
            : Clock.GetUtcNow() + Backoff.Delay(hub.RetryBaseDelay, hub.RetryMaxDelay, attempt);
        await outbox.FailAsync(notification, error, status, retryAt, CancellationToken.None).ConfigureAwait(false);
        if (retryAt is { } at)
        {
            Retrying(Logger, notification.EventType, notification.EventId, notification.SubscriptionId, attempt, error, at);
        }
        else
        {
            Parked(Logger, notification.EventType, notification.EventId, notification.SubscriptionId, attempt, error);
        }
    }

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "TMF641 {EventType} {EventId}: the outcome of its delivery could not be recorded; it is sent again once its lease ends")]
    private static partial void OutcomeNotRecorded(ILogger logger, string eventType, Guid eventId, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "TMF641 {EventType} {EventId} delivered to subscription {SubscriptionId}: {Status}")]
    private static partial void Delivered(ILogger logger, string eventType, Guid eventId, Guid subscriptionId, int status);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "TMF641 {EventType} {EventId} to subscription {SubscriptionId}: attempt {Attempt} failed ({Error}); next at {RetryAt:O}")]
    private static partial void Retrying(ILogger logger, string eventType, Guid eventId, Guid subscriptionId, int attempt, string error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "TMF641 {EventType} {EventId} to subscription {SubscriptionId} parked after {Attempt} attempts ({Error})")]
    private static partial void Parked(ILogger logger, string eventType, Guid eventId, Guid subscriptionId, int attempt, string error);
}
