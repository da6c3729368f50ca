using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FibreCafe.Testing.Internal;

/// <summary>
/// Delivers KCIs to the receiver after the scenario's delay, in order, with the conversation id of the
/// call that caused them, a new X-Request-ID per attempt, and delivery again while the receiver fails.
/// While no receiver is known the KCIs are held (up to <see cref="FibreCafeSandboxOptions.MaxHeldKcis"/>)
/// and released when one is set, so an app that learns its own port after the sandbox started loses none.
/// </summary>
internal sealed class SandboxKciDeliverer : IDisposable
{
    private readonly FibreCafeSandboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SandboxKciDelivery> _deliveries = new();
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly object _heldLock = new();
    private readonly List<HeldKcis> _held = [];
    private int _heldCount;

    public SandboxKciDeliverer(FibreCafeSandboxOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        options.KciReceiverUrlChanged = ReceiverChanged;
    }

    public IReadOnlyList<SandboxKciDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>Held KCIs are not waited for: with no receiver set this completes rather than hanging.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    public void Schedule(IReadOnlyList<JsonObject> kcis, string conversationId, TimeSpan delay) =>
        Release(new HeldKcis(kcis, conversationId, _timeProvider.GetUtcNow() + delay));

    public void Dispose()
    {
        _options.KciReceiverUrlChanged = null;
        _stop.Cancel();
        _http.Dispose();
        _stop.Dispose();
    }

    private void ReceiverChanged(Uri? receiver)
    {
        if (receiver is null)
        {
            return;
        }

        HeldKcis[] released;
        lock (_heldLock)
        {
            released = [.. _held];
            _held.Clear();
            _heldCount = 0;
        }

        foreach (var batch in released)
        {
            Release(batch);
        }
    }

    /// <summary>Starts delivering a batch, or holds it while there is no receiver; the lock orders this against <see cref="ReceiverChanged"/>.</summary>
    private void Release(HeldKcis batch)
    {
        lock (_heldLock)
        {
            if (_options.KciReceiverUrl is null)
            {
                if (_heldCount + batch.Kcis.Count <= _options.MaxHeldKcis)
                {
                    _held.Add(batch);
                    _heldCount += batch.Kcis.Count;
                }

                return;
            }
        }

        var task = DeliverAsync(batch, _stop.Token);
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task DeliverAsync(HeldKcis batch, CancellationToken stop)
    {
        try
        {
            // From the due time, not from now: a KCI held past its delay goes out as soon as the receiver is known.
            var wait = batch.DueAt - _timeProvider.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _timeProvider, stop).ConfigureAwait(false);
            for (var i = 0; i < batch.Kcis.Count; i++)
            {
                if (!await DeliverOneAsync(batch.Kcis[i], batch.ConversationId, stop).ConfigureAwait(false))
                {
                    // The receiver was unset meanwhile: hold this KCI and the rest, due at once, still in order.
                    Release(batch with { Kcis = batch.Kcis.Skip(i).ToArray(), DueAt = _timeProvider.GetUtcNow() });
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The sandbox is stopping.
        }
    }

    /// <summary>Delivers one KCI until acknowledged or out of attempts; false when there is no receiver to send it to.</summary>
    private async Task<bool> DeliverOneAsync(JsonObject kci, string conversationId, CancellationToken stop)
    {
        for (var attempt = 1; attempt <= _options.MaxKciDeliveryAttempts; attempt++)
        {
            if (_options.KciReceiverUrl is not { } receiver)
            {
                return false;
            }

            kci["deliveredOn"] = SandboxKcis.Timestamp(_timeProvider.GetUtcNow());
            var body = kci.ToJsonString();
            var status = await PostAsync(receiver, body, conversationId, stop).ConfigureAwait(false);
            _deliveries.Enqueue(new SandboxKciDelivery(kci["id"]!.GetValue<string>(), attempt, status, body));
            if (status is >= 200 and < 300)
            {
                break;
            }

            await Task.Delay(_options.KciRedeliveryDelay, _timeProvider, stop).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<int?> PostAsync(Uri receiver, string body, string conversationId, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString("D"));
        request.Headers.Add("X-Conversation-ID", conversationId);
        if (_options.KciBearerToken is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        else if (_options.KciUsername is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.KciPassword}")));
        }

        try
        {
            using var response = await _http.SendAsync(request, stop).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>KCIs of one call, due at <paramref name="DueAt"/>.</summary>
    private sealed record HeldKcis(IReadOnlyList<JsonObject> Kcis, string ConversationId, DateTimeOffset DueAt);
}
