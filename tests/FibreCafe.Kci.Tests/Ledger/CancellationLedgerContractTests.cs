using FibreCafe.Client;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Ledger;

/// <summary>What every <see cref="ICancellationLedger"/> must do; run against each implementation.</summary>
public abstract class CancellationLedgerContractTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 4, 11, 8, 0, 0, TimeSpan.Zero);

    protected CancellationLedgerContractTests()
    {
        Ledger = CreateLedger();
    }

    protected ICancellationLedger Ledger { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected abstract ICancellationLedger CreateLedger();

    private static CancellationRecord Created(long id = 234, long orderId = 12345, CancellationKind kind = CancellationKind.ServiceOrder) => new()
    {
        Kind = kind,
        CancellationId = id,
        TargetId = orderId,
        Status = CancellationStatus.ReceivedByGateway,
        ReasonCode = "CUSTOMER_CHANGED_MIND",
        Text = "Delivery too long",
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
    public async Task A_created_cancellation_is_found_by_id_and_by_order_with_everything_the_client_knew()
    {
        await Ledger.RecordCreatedAsync(Created());

        var byId = await Ledger.GetAsync(CancellationKind.ServiceOrder, 234);
        var byOrder = Assert.Single(await Ledger.FindByOrderAsync(12345));

        Assert.Equal(byId, byOrder);
        Assert.Equal(CancellationStatus.ReceivedByGateway, byId!.Status);
        Assert.Equal(12345, byId.OrderId);
        Assert.Null(byId.ServiceProblemId);
        Assert.Equal(("req-1", "conv-1", "CUSTOMER_CHANGED_MIND", "Delivery too long"), (byId.RequestId, byId.ConversationId, byId.ReasonCode, byId.Text));
        Assert.Equal(Created().RequestBody, byId.RequestBody);
        Assert.Equal(Created().ResponseBody, byId.ResponseBody);
        Assert.Equal(T0, byId.CreatedAt);
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
        Assert.Equal(T0.AddMinutes(9), record.ClosedAt);
        Assert.Equal(T0.AddMinutes(9), record.UpdatedAt);
        Assert.Equal("A123X-1", record.SupplierReference);
    }

    [Theory]
    [InlineData("COMPLETED", "REJECTED")]
    [InlineData("REJECTED", "PENDING")]
    [InlineData("FAILED_TO_SEND", "COMPLETED")]
    public async Task A_terminal_state_is_guarded(string terminal, string later)
    {
        await Ledger.RecordCreatedAsync(Created());
        await Ledger.ApplyAsync(Update(new CancellationStatus(terminal)));

        Assert.Equal(CancellationTransition.Refused, await Ledger.ApplyAsync(Update(new CancellationStatus(later), minutes: 20)));
        Assert.Equal(terminal, (await Ledger.GetAsync(CancellationKind.ServiceOrder, 234))!.Status.Value);
    }

    [Fact]
    public async Task A_stale_pending_after_completion_changes_nothing()
    {
        await Ledger.RecordCreatedAsync(Created());
        await Ledger.ApplyAsync(Update(CancellationStatus.Completed, minutes: 10));

        Assert.Equal(CancellationTransition.Refused, await Ledger.ApplyAsync(Update(CancellationStatus.Pending, minutes: 3)));
        Assert.Equal(CancellationTransition.Unchanged, await Ledger.ApplyAsync(Update(CancellationStatus.Completed, minutes: 11)));
        Assert.Equal(T0.AddMinutes(10), (await Ledger.GetAsync(CancellationKind.ServiceOrder, 234))!.UpdatedAt);
    }

    [Fact]
    public async Task A_kci_about_an_unknown_cancellation_creates_it()
    {
        Assert.Equal(CancellationTransition.Created, await Ledger.ApplyAsync(Update(CancellationStatus.Completed, id: 999)));

        var record = await Ledger.GetAsync(CancellationKind.ServiceOrder, 999);
        Assert.Equal(CancellationStatus.Completed, record!.Status);
        Assert.Null(record.RequestBody);
    }

    [Fact]
    public async Task A_201_processed_after_a_faster_kci_fills_in_the_details_without_moving_the_status_back()
    {
        await Ledger.ApplyAsync(Update(CancellationStatus.Completed));

        await Ledger.RecordCreatedAsync(Created());

        var record = await Ledger.GetAsync(CancellationKind.ServiceOrder, 234);
        Assert.Equal(CancellationStatus.Completed, record!.Status);
        Assert.Equal("req-1", record.RequestId);
        Assert.NotNull(record.RequestBody);
        Assert.Equal(T0, record.CreatedAt);
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
}

public sealed class InMemoryCancellationLedgerTests : CancellationLedgerContractTests
{
    protected override ICancellationLedger CreateLedger() => new InMemoryCancellationLedger();
}

public sealed class SqliteCancellationLedgerTests : CancellationLedgerContractTests
{
    private TempDirectory? _folder;

    public override void Dispose()
    {
        _folder?.Dispose();
        base.Dispose();
    }

    protected override ICancellationLedger CreateLedger()
    {
        _folder = new TempDirectory();
        return new FibreCafe.Storage.Sqlite.SqliteCancellationLedger(SqliteTestStore.Database(_folder.File("ledger.db")));
    }
}
