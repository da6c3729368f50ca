using System.Net;
using FibreCafe.Client;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Tests.Ledger;

/// <summary>
/// The ledger is updated before the handlers of a KCI run (issue 18): a handler that reads it sees what the KCI
/// said, and a handler that fails still gets its event again, from a ledger that already holds the new status.
/// </summary>
public sealed class LedgerBeforeHandlersTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_handler_reads_the_outcome_from_the_ledger_and_gets_the_event_again_after_it_failed(bool sqlite)
    {
        var seen = new LedgerReadings { FailuresLeft = 1 };
        await using var host = await KciTestHost.StartAsync(
            services: (services, receiver) =>
            {
                services.AddSingleton(seen);
                receiver.AddKciEventHandler<ServiceOrderCancellationCompleted, LedgerReadingHandler>();
            },
            sqlitePath: sqlite ? _folder.File("kci.db") : null);
        await host.Ledger.RecordCreatedAsync(new CancellationRecord
        {
            Kind = CancellationKind.ServiceOrder,
            CancellationId = 900,
            TargetId = 4242,
            Status = CancellationStatus.ReceivedByGateway,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        });

        // CANCELLED carries no cancellation object: the open cancellation of the order is the one completed (C2).
        var cancelled = TestKcis.Order(orderId: 4242, sequenceNumber: 7, status: "CANCELLED", informationType: "CANCELLED");
        using var response = await host.PostAsync(cancelled.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await Eventually.HoldsAsync(() => seen.Count == 2, "the handler called again after its failure");
        // Both calls, the failed one and its retry, read the completed cancellation: the ledger went first.
        Assert.All(seen.Snapshot(), r => Assert.Equal((900L, CancellationStatus.Completed), r));
        var record = await host.Ledger.GetAsync(CancellationKind.ServiceOrder, 900);
        Assert.Equal((CancellationStatus.Completed, TestKcis.IdOf(cancelled)), (record!.Status, record.LastKciId!.Value));
        // The retry raised the same event, not a plain status change of the order.
        var heard = host.Events.ForKci(TestKcis.IdOf(cancelled)).OfType<ServiceOrderCancellationCompleted>().ToList();
        Assert.NotEmpty(heard);
        Assert.All(heard, e => Assert.Equal((900L, 4242L), (e.CancellationId!.Value, e.OrderId)));
    }

    private sealed class LedgerReadings
    {
        private readonly List<(long, CancellationStatus)> _readings = [];

        public int FailuresLeft { get; set; }

        public int Count
        {
            get
            {
                lock (_readings)
                {
                    return _readings.Count;
                }
            }
        }

        public void Add(long id, CancellationStatus status)
        {
            lock (_readings)
            {
                _readings.Add((id, status));
            }
        }

        public List<(long, CancellationStatus)> Snapshot()
        {
            lock (_readings)
            {
                return [.. _readings];
            }
        }
    }

    private sealed class LedgerReadingHandler(ICancellationLedger ledger, LedgerReadings readings) : IKciEventHandler<ServiceOrderCancellationCompleted>
    {
        public async Task HandleAsync(ServiceOrderCancellationCompleted kciEvent, CancellationToken cancellationToken)
        {
            var record = await ledger.GetAsync(CancellationKind.ServiceOrder, kciEvent.CancellationId!.Value, cancellationToken);
            readings.Add(kciEvent.CancellationId.Value, record!.Status);
            if (readings.FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("The retailer's order system is down.");
            }
        }
    }
}
