using System.Text.RegularExpressions;
using FibreCafe.Kci;
using FibreCafe.Operations.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Operations.Tests.Http;

/// <summary>What the HTTP tests put in the stores directly, and read back from pages.</summary>
internal static partial class HttpSeeds
{
    /// <summary>A TMF641 listener with <paramref name="parked"/> parked notifications (each failed once for good) and <paramref name="pending"/> pending ones.</summary>
    public static async Task<(Guid Subscription, List<Guid> Parked)> ListenerAsync(OperationsHost host, int parked, int pending)
    {
        var subscriptions = host.Services.GetRequiredService<IEventSubscriptionStore>();
        var outbox = host.Services.GetRequiredService<INotificationOutbox>();
        var now = DateTimeOffset.UtcNow;
        var subscription = new EventSubscription { Id = Guid.NewGuid(), Api = "tmf641", Callback = "https://user:pa55word@listener.example/hook?token=t0k3n", CreatedAt = now };
        await subscriptions.AddAsync(subscription);
        var notifications = Enumerable.Range(0, parked + pending).Select(i => new OutboundNotification
        {
            EventId = Guid.NewGuid(),
            SubscriptionId = subscription.Id,
            OrderingKey = "order:" + i, // one key each: a parked one holds back only its own key
            EventType = "CancelServiceOrderStateChangeEvent",
            Url = "https://listener.example/hook/listener/cancelServiceOrderStateChangeEvent",
            Body = """{"eventType":"CancelServiceOrderStateChangeEvent"}""",
            NextAttemptAt = i < parked ? now.AddMinutes(-1) : now.AddHours(1),
            CreatedAt = now,
        }).ToList();
        await outbox.EnqueueAsync(notifications);
        var claimed = await outbox.ClaimDueAsync("test", TimeSpan.FromMinutes(1), parked);
        foreach (var n in claimed)
        {
            await outbox.FailAsync(n, "the listener answered 500", 500, retryAt: null);
        }

        return (subscription.Id, claimed.Select(c => c.EventId).ToList());
    }

    /// <summary>The antiforgery field of the first form on a page.</summary>
    public static KeyValuePair<string, string> Token(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "the page has no antiforgery field");
        return new(match.Groups["name"].Value, System.Net.WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex TokenField();
}
