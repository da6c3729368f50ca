using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;
using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Requests.Tests;

/// <summary>An attempt scope runs around each attempt, on its flow: here it puts the sandbox scenario a request's metadata names.</summary>
public sealed class AttemptScopeTests
{
    [Fact]
    public async Task A_registered_scope_runs_around_every_attempt_and_what_it_sets_reaches_the_call()
    {
        var scope = new ScenarioFromMetadata();
        await using var host = await RequestsHost.StartAsync(services: s => s.AddSingleton<ICancellationAttemptScope>(scope));
        var rejected = await host.Requests.SubmitAsync(Cancellations.Order(1) with
        {
            Metadata = new Dictionary<string, string> { ["scenario"] = FibreCafeSandboxScenarios.CancellationRejected },
        });
        var plain = await host.Requests.SubmitAsync(Cancellations.Order(2));

        await host.RunAsync();

        Assert.Equal(CancellationRequestState.Rejected, (await host.SettledAsync(rejected.Id, r => r.State == CancellationRequestState.Rejected)).State);
        Assert.Equal(CancellationRequestState.Completed, (await host.SettledAsync(plain.Id, r => r.State == CancellationRequestState.Completed)).State);
        Assert.Equal([1L, 2L], scope.Begun.Order());
        Assert.Equal(2, scope.Ended);
    }

    private sealed class ScenarioFromMetadata : ICancellationAttemptScope
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<long> _begun = [];
        private int _ended;

        public IEnumerable<long> Begun => _begun;

        public int Ended => _ended;

        public IDisposable? Begin(CancellationRequest request)
        {
            _begun.Add(request.TargetId);
            var scenario = request.Metadata?.GetValueOrDefault("scenario") is { } name ? FibreCafeTestScenario.Begin(name) : null;
            return new Ending(this, scenario);
        }

        private sealed class Ending(ScenarioFromMetadata owner, IDisposable? scenario) : IDisposable
        {
            public void Dispose()
            {
                scenario?.Dispose();
                Interlocked.Increment(ref owner._ended);
            }
        }
    }
}
