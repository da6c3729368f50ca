using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FibreCafe.Testing.Internal;

/// <summary>
/// Delivers KCIs to the receiver after the scenario's delay, in order, with the conversation id of the
/// call that caused them, a new X-Request-ID per attempt, and delivery again while the receiver fails.
/// </summary>
internal sealed class SandboxKciDeliverer(FibreCafeSandboxOptions options, TimeProvider timeProvider) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SandboxKciDelivery> _deliveries = new();
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public IReadOnlyList<SandboxKciDelivery> Deliveries => _deliveries.ToArray();

    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    public void Schedule(IReadOnlyList<JsonObject> kcis, string conversationId, TimeSpan delay)
    {
        if (options.KciReceiverUrl is null)
        {
            return;
        }

        var task = DeliverAsync(kcis, conversationId, delay, _stop.Token);
        _pending.TryAdd(task, 0);
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task DeliverAsync(IReadOnlyList<JsonObject> kcis, string conversationId, TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, timeProvider, stop).ConfigureAwait(false);
            foreach (var kci in kcis)
            {
                for (var attempt = 1; attempt <= options.MaxKciDeliveryAttempts; attempt++)
                {
                    kci["deliveredOn"] = SandboxKcis.Timestamp(timeProvider.GetUtcNow());
                    var body = kci.ToJsonString();
                    var status = await PostAsync(body, conversationId, stop).ConfigureAwait(false);
                    _deliveries.Enqueue(new SandboxKciDelivery(kci["id"]!.GetValue<string>(), attempt, status, body));
                    if (status is >= 200 and < 300)
                    {
                        break;
                    }

                    await Task.Delay(options.KciRedeliveryDelay, timeProvider, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The sandbox is stopping.
        }
    }

    private async Task<int?> PostAsync(string body, string conversationId, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.KciReceiverUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString("D"));
        request.Headers.Add("X-Conversation-ID", conversationId);
        if (options.KciBearerToken is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        else if (options.KciUsername is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.KciPassword}")));
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
}
