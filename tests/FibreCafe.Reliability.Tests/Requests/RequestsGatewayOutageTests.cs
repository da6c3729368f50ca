using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Requests.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests.Requests;

/// <summary>
/// The gateway unavailable far longer than one call's total timeout, and rate limiting, on fake time: the processing run
/// keeps the requests and sends them all once the gateway is back; and a submission racing its own withdrawal.
/// </summary>
public sealed class RequestsGatewayOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_minutes_of_503_delay_every_request_and_park_none_then_all_are_sent()
    {
        await using var host = await RequestsHost.StartAsync();
        var t0 = host.Clock.GetUtcNow();
        host.Sandbox.Faults.FailNextCancellations(int.MaxValue, 503);
        var submitted = new List<CancellationRequest>();
        for (var i = 1; i <= 50; i++)
        {
            submitted.Add(await host.Requests.SubmitAsync(Cancellations.Order(i)));
        }

        // Fake time moves a second per pass: during the outage every attempt fails; after it, each is sent at its retry time.
        var outageEnded = false;
        for (var pass = 0; pass < 3600; pass++)
        {
            if (!outageEnded && host.Clock.GetUtcNow() >= t0.AddMinutes(3))
            {
                host.Sandbox.Faults.Reset();
                outageEnded = true;
            }

            await host.RunUntilIdleAsync();
            if (outageEnded && (await host.Requests.GetStatisticsAsync()).Count(CancellationRequestState.Scheduled) == 0)
            {
                break;
            }

            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var final = (await host.Requests.ListAsync(new CancellationRequestQuery { Limit = 100 })).Items;
        Assert.All(final, r => Assert.NotNull(r.CancellationId));
        Assert.DoesNotContain(final, r => r.State == CancellationRequestState.Parked);
        Assert.All(final, r => Assert.True(r.Attempts >= 7, $"{r.Reference}: {r.Attempts} attempts")); // 2+4+8+16+32+64 s of back-off before the 3 minutes end
        Assert.InRange(host.Sandbox.CancellationRequests, 50, final.Sum(r => r.Attempts)); // the client's breaker spares the gateway some
        output.WriteLine(
            $"50 requests through a 3-minute outage: {host.Sandbox.CancellationRequests} attempts, all sent by {(host.Clock.GetUtcNow() - t0).TotalSeconds:F0} s of fake time");
    }

    [Fact]
    public async Task A_429_makes_every_request_wait_at_least_its_retry_after()
    {
        // The client's breaker would open on twenty 429s and fail the retries without sending them: off, to see Retry-After alone.
        await using var host = await RequestsHost.StartAsync(
            o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(100),
            services: s => s.PostConfigure<FibreCafe.Client.FibreCafeClientOptions>(o => o.Resilience.CircuitBreaker.Enabled = false));
        host.Sandbox.Faults.FailNextCancellations(20, 429);
        for (var i = 1; i <= 20; i++)
        {
            await host.Requests.SubmitAsync(Cancellations.Order(i));
        }

        await host.RunUntilIdleAsync();
        host.Clock.Advance(TimeSpan.FromMilliseconds(999));
        await host.RunUntilIdleAsync();

        Assert.Equal(20, host.Sandbox.CancellationRequests); // none tried again before Retry-After: 1
        host.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await host.RunUntilIdleAsync();
        var final = (await host.Requests.ListAsync(new CancellationRequestQuery())).Items;
        Assert.All(final, r => Assert.Equal((2, true), (r.Attempts, r.CancellationId is not null)));
    }

    [Fact]
    public async Task A_submission_racing_its_withdrawal_with_the_run_going_ends_either_withdrawn_and_unsent_or_sent_once()
    {
        await using var host = await RequestsHost.StartAsync(o => o.ProcessingEnabled = true);
        await host.Run.StartAsync(CancellationToken.None); // the hosted run, woken by each submission
        try
        {
            var withdrawn = 0;
            for (var i = 1; i <= 100; i++)
            {
                var before = host.Sandbox.CancellationRequests; // one race at a time: the POSTs it makes are the difference
                var request = await host.Requests.SubmitAsync(Cancellations.Order(5000 + i));
                bool withdrew;
                try
                {
                    await Task.Delay(i % 4); // from at once to a few milliseconds: either side may win
                    withdrew = await host.Requests.WithdrawAsync(request.Id) is not null;
                }
                catch (InvalidOperationException)
                {
                    withdrew = false;
                }

                var settled = await host.SettledAsync(request.Id, r => r.State is not (CancellationRequestState.Scheduled or CancellationRequestState.Sending));
                var posts = host.Sandbox.CancellationRequests - before;
                Assert.Equal(withdrew, settled.State == CancellationRequestState.Withdrawn);
                Assert.Equal(withdrew ? (0, false) : (1, true), (posts, settled.CancellationId is not null));
                withdrawn += withdrew ? 1 : 0;
            }

            output.WriteLine($"100 races: {withdrawn} withdrawn before the run took them, {100 - withdrawn} sent");
            Assert.InRange(withdrawn, 1, 99); // both outcomes happened, or the race was not run
        }
        finally
        {
            await host.Run.StopAsync(CancellationToken.None);
        }
    }
}
