using System.Reflection;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Requests.Tests;

/// <summary>A KCI whose request update failed after its ledger update moves the request when the dispatcher tries it again.</summary>
public sealed class KciRetryTests
{
    [Fact]
    public async Task A_kci_the_ledger_already_recorded_still_moves_its_request_on_the_retry()
    {
        var failures = new FailingRequestChanges();
        await using var host = await RequestsHost.StartAsync(services: failures.Decorate);
        failures.FailMovesTo = CancellationRequestState.Pending;
        var request = await host.Requests.SubmitAsync(Cancellations.Order());

        await host.RunAsync();
        await host.Sandbox.WhenKcisDeliveredAsync();
        for (var i = 0; i < 50 && (await host.Store.GetAsync(request.Id))!.State != CancellationRequestState.Completed; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1)); // the dispatcher's back-off runs on the host's clock
            await Task.Delay(50);
        }

        Assert.Equal(1, failures.Failed);
        Assert.Equal(CancellationStatus.Completed, (await host.Ledger.GetAsync(CancellationKind.ServiceOrder, host.Sandbox.Options.FirstId))!.Status);
        var moves = (await host.Requests.GetHistoryAsync(request.Id)).Where(h => h.From != h.To).Select(h => h.To).ToList();
        Assert.Equal(
            [CancellationRequestState.Scheduled, CancellationRequestState.Sending, CancellationRequestState.Created, CancellationRequestState.Pending, CancellationRequestState.Completed],
            moves);
    }

    /// <summary>Fails, once, the request change that would move a request to <see cref="FailMovesTo"/>, as a store that went away would.</summary>
    private sealed class FailingRequestChanges
    {
        private int _armed = 1;

        public CancellationRequestState? FailMovesTo { get; set; }

        public int Failed { get; private set; }

        public void Decorate(IServiceCollection services)
        {
            var registered = services.Last(d => d.ServiceType == typeof(ICancellationRequestStore));
            services.Remove(registered);
            services.AddSingleton(sp =>
            {
                var inner = (ICancellationRequestStore)(registered.ImplementationInstance
                    ?? registered.ImplementationFactory?.Invoke(sp)
                    ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));
                var proxy = DispatchProxy.Create<ICancellationRequestStore, ChangeProxy>();
                ((ChangeProxy)(object)proxy).Attach(inner, this);
                return proxy;
            });
        }

        public Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?> Wrap(Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?> decide) =>
            (current, now) =>
            {
                var update = decide(current, now);
                if (update is not null && update.Request.State == FailMovesTo && current.State != FailMovesTo && Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    Failed++;
                    throw new IOException("the request store went away");
                }

                return update;
            };
    }

    public class ChangeProxy : DispatchProxy
    {
        private ICancellationRequestStore _inner = null!;
        private FailingRequestChanges _failures = null!;

        internal void Attach(ICancellationRequestStore inner, object failures) =>
            (_inner, _failures) = (inner, (FailingRequestChanges)failures);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(ICancellationRequestStore.ChangeAsync))
            {
                args![1] = _failures.Wrap((Func<CancellationRequest, DateTimeOffset, CancellationRequestUpdate?>)args[1]!);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
    }
}
