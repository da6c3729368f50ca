using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Storage.Tests.Infrastructure;

namespace FibreCafe.Storage.Tests.Conformance;

/// <summary>What every <see cref="ICancellationLedger"/> must do, run against each store (the subclasses at the end of the file).</summary>
public abstract class CancellationLedgerConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 4, 11, 8, 0, 0, TimeSpan.Zero);

    private StoreUnderTest? _store;

    protected ICancellationLedger Ledger { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _store = CreateStore();
        Ledger = _store.Open(TimeProvider.System).Ledger;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store!.DisposeAsync();

    protected abstract StoreUnderTest CreateStore();

    private static CancellationRecord Created(long id = 234, long orderId = 12345, CancellationKind kind = CancellationKind.ServiceOrder) => new()
    {
        Kind = kind,
        CancellationId = id,
        TargetId = orderId,
        Status = CancellationStatus.ReceivedByGateway,
        ReasonCode = "CUSTOMER_CHANGED_MIND",
        Text = "Delivery too long",
        Supplier = "FIBRECO",
        SupplierReference = "A123X-1",
        RequestId = "req-1",
        ConversationId = "conv-1",
        RequestBody = """{"orderId":12345,"reasonCode":"CUSTOMER_CHANGED_MIND"}""",
        ResponseBody = """{"id":234,"status":"RECEIVED_BY_GATEWAY"}""",
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static CancellationStatusUpdate Update(CancellationStatus status, long id = 234, int minutes = 5, string? reason = null) => new()
    {
        Kind = CancellationKind.ServiceOrder,
        CancellationId = id,
        TargetId = 12345,
        Status = status,
        KciId = Guid.NewGuid(),
        At = T0.AddMinutes(minutes),
        Reason = reason,
        SupplierReference = "A123X-1",
    };

    [Fact]
    public async Task A_created_cancellation_is_kept_field_for_field()
    {
        await Ledger.RecordCreatedAsync(Created());

        var byId = await Ledger.GetAsync(CancellationKind.ServiceOrder, 234);
        var byOrder = Assert.Single(await Ledger.FindByOrderAsync(12345));

        Assert.Equal(Created(), byId);
        Assert.Equal(byId, byOrder);
        Assert.Equal((12345L, (long?)null), (byId!.OrderId!.Value, byId.ServiceProblemId));
        Assert.Null(await Ledger.GetAsync(CancellationKind.ServiceProblem, 234));
    }

    [Fact]
    public async Task The_lifecycle_moves_forward_and_records_the_kci_that_moved_it()
    {
        await Ledger.RecordCreatedAsync(Created());
        var rejection = Update(CancellationStatus.Rejected, minutes: 9, reason: "Past the point of no return.");

        Assert.Equal(CancellationTransition.Advanced, await Ledger.ApplyAsync(Update(CancellationStatus.Pending)));
        Assert.Equal(CancellationTransition.Advanced, await Ledger.ApplyAsync(rejection));

        var record = await Ledger.GetAsync(CancellationKind.ServiceOrder, 234);
        Assert.Equal(CancellationStatus.Rejected, record!.Status);
        Assert.Equal(rejection.KciId, record.LastKciId);
        Assert.Equal("Past the point of no return.", record.StatusReason);
        Assert.Equal((T0.AddMinutes(9), T0.AddMinutes(9)), (record.ClosedAt!.Value, record.UpdatedAt));
        Assert.Equal(Created().RequestBody, record.RequestBody);
    }

    [Theory]
    [InlineData("COMPLETED", "REJECTED")]
    [InlineData("REJECTED", "PENDING")]
    [InlineData("FAILED_TO_SEND", "COMPLETED")]
    public async Task A_terminal_state_is_final(string terminal, string later)
    {
        await Ledger.RecordCreatedAsync(Created());
        await Ledger.ApplyAsync(Update(new CancellationStatus(terminal)));

        Assert.Equal(CancellationTransition.Refused, await Ledger.ApplyAsync(Update(new CancellationStatus(later), minutes: 20)));
        Assert.Equal(terminal, (await Ledger.GetAsync(CancellationKind.ServiceOrder, 234))!.Status.Value);
    }

    [Fact]
    public async Task A_stale_or_repeated_update_changes_nothing()
    {
        await Ledger.RecordCreatedAsync(Created());
        await Ledger.ApplyAsync(Update(CancellationStatus.Completed, minutes: 10));

        Assert.Equal(CancellationTransition.Refused, await Ledger.ApplyAsync(Update(CancellationStatus.Pending, minutes: 3)));
        Assert.Equal(CancellationTransition.Unchanged, await Ledger.ApplyAsync(Update(CancellationStatus.Completed, minutes: 11)));
        Assert.Equal(CancellationTransition.Refused, await Ledger.ApplyAsync(Update(new CancellationStatus("SOMETHING_NEW"), minutes: 12)));
        Assert.Equal(T0.AddMinutes(10), (await Ledger.GetAsync(CancellationKind.ServiceOrder, 234))!.UpdatedAt);
    }

    [Fact]
    public async Task A_kci_about_an_unknown_cancellation_creates_it()
    {
        Assert.Equal(CancellationTransition.Created, await Ledger.ApplyAsync(Update(CancellationStatus.Completed, id: 999)));

        var record = await Ledger.GetAsync(CancellationKind.ServiceOrder, 999);
        Assert.Equal((CancellationStatus.Completed, (string?)null, T0.AddMinutes(5)), (record!.Status, record.RequestBody, record.ClosedAt!.Value));
    }

    [Fact]
    public async Task A_201_processed_after_a_faster_kci_fills_in_the_details_without_moving_the_status_back()
    {
        await Ledger.ApplyAsync(Update(CancellationStatus.Completed));

        await Ledger.RecordCreatedAsync(Created());

        var record = await Ledger.GetAsync(CancellationKind.ServiceOrder, 234);
        Assert.Equal(CancellationStatus.Completed, record!.Status);
        Assert.Equal(("req-1", Created().RequestBody, T0), (record.RequestId, record.RequestBody, record.CreatedAt));
    }

    [Fact]
    public async Task Order_and_problem_cancellations_are_kept_apart_and_listed_newest_first()
    {
        await Ledger.RecordCreatedAsync(Created(id: 1, orderId: 10));
        await Ledger.RecordCreatedAsync(Created(id: 2, orderId: 10));
        await Ledger.RecordCreatedAsync(Created(id: 1, orderId: 10, kind: CancellationKind.ServiceProblem));
        await Ledger.ApplyAsync(Update(CancellationStatus.Rejected, id: 1) with { TargetId = 10 });

        Assert.Equal([2L, 1L], (await Ledger.FindByOrderAsync(10)).Select(r => r.CancellationId));
        Assert.Equal(10, Assert.Single(await Ledger.FindByServiceProblemAsync(10)).ServiceProblemId);
        Assert.Equal(CancellationStatus.ReceivedByGateway, (await Ledger.GetAsync(CancellationKind.ServiceProblem, 1))!.Status);
        Assert.Equal(2, (await Ledger.FindOpenAsync(CancellationKind.ServiceOrder, 10))!.CancellationId);
        Assert.Empty(await Ledger.FindByOrderAsync(11));
    }

    [Fact]
    public async Task Receivers_applying_kcis_about_the_same_cancellations_at_once_create_each_once_and_never_move_back()
    {
        var ledgers = new[] { Ledger, _store!.Open(TimeProvider.System).Ledger };
        var transitions = new System.Collections.Concurrent.ConcurrentBag<(long Id, CancellationTransition Transition)>();
        var statuses = new[] { CancellationStatus.ReceivedByGateway, CancellationStatus.Pending, CancellationStatus.Completed };

        await Parallel.ForEachAsync(
            Enumerable.Range(1, 30).SelectMany(id => Enumerable.Range(0, 6).Select(n => (Id: (long)id, N: n))),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (work, ct) =>
            {
                var status = statuses[work.N % statuses.Length];
                transitions.Add((work.Id, await ledgers[work.N % 2].ApplyAsync(Update(status, id: work.Id, minutes: work.N), ct)));
            });

        foreach (var id in Enumerable.Range(1, 30))
        {
            Assert.Equal(1, transitions.Count(t => t.Id == id && t.Transition == CancellationTransition.Created));
            Assert.Equal(CancellationStatus.Completed, (await Ledger.GetAsync(CancellationKind.ServiceOrder, id))!.Status);
        }
    }
}

public sealed class InMemoryCancellationLedgerConformance : CancellationLedgerConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.InMemory();
}

public sealed class SqliteCancellationLedgerConformance : CancellationLedgerConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.Sqlite();
}

[Collection(FibreCafe.TestSupport.PostgresCollection.Name)]
public sealed class PostgreSqlCancellationLedgerConformance(FibreCafe.TestSupport.PostgresFixture postgres) : CancellationLedgerConformanceTests
{
    protected override StoreUnderTest CreateStore() => StoreUnderTest.PostgreSql(postgres);
}
