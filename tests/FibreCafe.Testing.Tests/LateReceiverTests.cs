using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Testing.Tests;

/// <summary>An app that learns its port after the sandbox started: KCIs made before are held, then delivered.</summary>
public sealed class LateReceiverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kcis_of_calls_made_before_the_receiver_is_set_are_delivered_once_it_is(bool throughDeliverKcisTo)
    {
        await using var sandbox = FibreCafeSandbox.Start(o => o.DefaultKciDelay = TimeSpan.Zero);
        using var services = SandboxClientTests.Client(sandbox);
        await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(
            new() { OrderId = 77, ReasonCode = "OTHER" }, new FibreCafeCallOptions { ConversationId = "conv-early" });

        // Held KCIs are not waited for, so this completes although no receiver exists yet.
        await sandbox.WhenKcisDeliveredAsync().WaitAsync(Bound);
        Assert.Empty(sandbox.KciDeliveries);

        using var receiver = new ReceiverStub(204);
        if (throughDeliverKcisTo)
        {
            sandbox.DeliverKcisTo(receiver.Url);
        }
        else
        {
            sandbox.Options.KciReceiverUrl = receiver.Url;
        }

        await sandbox.WhenKcisDeliveredAsync().WaitAsync(Bound);
        Assert.Equal(3, receiver.Received.Count); // received, pending, completed
        Assert.All(receiver.Received, r => Assert.Equal("conv-early", r.RequestMessage!.Headers!["X-Conversation-ID"].Single()));
        Assert.All(receiver.Received, r => Assert.Contains("\"orderId\":77", r.RequestMessage!.Body, StringComparison.Ordinal));
        Assert.All(sandbox.KciDeliveries, d => Assert.True(d.Acknowledged));
    }

    [Fact]
    public async Task A_held_kci_keeps_its_delay_counted_from_the_call()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = FibreCafeSandbox.Start(timeProvider: time);
        using var services = SandboxClientTests.Client(sandbox);
        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationAccepted, TimeSpan.FromSeconds(30)))
        {
            await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 5, ReasonCode = "OTHER" });
        }

        time.Advance(TimeSpan.FromSeconds(10));
        using var receiver = new ReceiverStub(204);
        sandbox.DeliverKcisTo(receiver.Url);
        time.Advance(TimeSpan.FromSeconds(19));

        // Nothing can complete the delivery before the fake clock reaches the 30 s: no sleep needed to check it.
        Assert.False(sandbox.WhenKcisDeliveredAsync().IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await sandbox.WhenKcisDeliveredAsync().WaitAsync(Bound);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task Kcis_beyond_MaxHeldKcis_are_dropped_while_no_receiver_is_set()
    {
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.DefaultKciDelay = TimeSpan.Zero;
            o.MaxHeldKcis = 3; // one cancellation's journey
        });
        using var services = SandboxClientTests.Client(sandbox);
        var client = services.GetRequiredService<IFibreCafeClient>();
        await client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" });
        await client.CancelServiceOrderAsync(new() { OrderId = 2, ReasonCode = "OTHER" });

        using var receiver = new ReceiverStub(204);
        sandbox.DeliverKcisTo(receiver.Url);
        await sandbox.WhenKcisDeliveredAsync().WaitAsync(Bound);

        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Contains("\"orderId\":1,", r.RequestMessage!.Body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/kcis")]
    [InlineData("ftp://127.0.0.1/kcis")]
    public async Task A_receiver_url_that_is_not_absolute_http_is_refused(string url)
    {
        await using var sandbox = FibreCafeSandbox.Start();

        var ex = Assert.Throws<ArgumentException>(() => sandbox.DeliverKcisTo(new Uri(url, UriKind.RelativeOrAbsolute)));

        Assert.Contains(url, ex.Message, StringComparison.Ordinal);
        Assert.Null(sandbox.Options.KciReceiverUrl);
    }
}
