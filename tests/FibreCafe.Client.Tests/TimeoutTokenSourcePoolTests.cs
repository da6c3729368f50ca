using FibreCafe.Client.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Client.Tests;

public sealed class TimeoutTokenSourcePoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_timeout_runs_on_the_injected_clock_and_reports_itself_as_Pollys_timeout_did()
    {
        var time = new FakeTimeProvider();
        var pool = new TimeoutTokenSourcePool(time);
        var scope = pool.Start(Timeout, CancellationToken.None);

        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(scope.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(scope.Token.IsCancellationRequested);

        var canceled = new TaskCanceledException();
        var rejection = scope.Rejection(canceled, CancellationToken.None, Timeout);
        Assert.NotNull(rejection);
        Assert.Equal("The operation didn't complete within the allowed timeout of '00:00:10'.", rejection.Message);
        Assert.Equal(Timeout, rejection.Timeout);
        Assert.Same(canceled, rejection.InnerException);
        Assert.Null(scope.Rejection(new HttpRequestException("refused"), CancellationToken.None, Timeout)); // only a cancellation
        pool.End(scope);
    }

    [Fact]
    public async Task A_source_whose_timer_did_not_fire_is_reused_and_restarted_and_a_fired_one_is_not()
    {
        // Only sources on the system clock can be reset (CancellationTokenSource.TryReset).
        var pool = new TimeoutTokenSourcePool(TimeProvider.System);

        var first = pool.Start(Timeout, CancellationToken.None);
        var firstToken = first.Token;
        pool.End(first);
        var second = pool.Start(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        var secondToken = second.Token;
        Assert.Equal(firstToken, secondToken); // the same source, reset
        await TokenTests.Eventually(() => secondToken.IsCancellationRequested); // and timed anew
        pool.End(second);

        var third = pool.Start(Timeout, CancellationToken.None);
        Assert.NotEqual(secondToken, third.Token);
        Assert.False(third.Token.IsCancellationRequested);
        pool.End(third);
    }

    [Fact]
    public void On_another_clock_each_timeout_gets_a_new_source()
    {
        var pool = new TimeoutTokenSourcePool(new FakeTimeProvider());

        var first = pool.Start(Timeout, CancellationToken.None);
        var firstToken = first.Token;
        pool.End(first);
        var second = pool.Start(Timeout, CancellationToken.None);

        Assert.NotEqual(firstToken, second.Token);
        Assert.False(firstToken.IsCancellationRequested);
        pool.End(second);
    }

    [Fact]
    public void The_callers_cancellation_cancels_the_token_but_is_not_a_timeout_and_stops_at_End()
    {
        var pool = new TimeoutTokenSourcePool(TimeProvider.System);
        using var caller = new CancellationTokenSource();
        using var later = new CancellationTokenSource();

        var scope = pool.Start(Timeout, caller.Token);
        caller.Cancel();
        Assert.True(scope.Token.IsCancellationRequested);
        Assert.Null(scope.Rejection(new OperationCanceledException(caller.Token), caller.Token, Timeout));
        pool.End(scope);

        // Once ended, a call's token no longer reaches the source that another call reuses.
        var linked = pool.Start(Timeout, later.Token);
        var linkedToken = linked.Token;
        pool.End(linked);
        var reused = pool.Start(Timeout, CancellationToken.None);
        Assert.Equal(linkedToken, reused.Token);
        later.Cancel();
        Assert.False(reused.Token.IsCancellationRequested);
        pool.End(reused);
    }
}
