using System.Text;
using System.Text.Json.Nodes;
using FibreCafe.Client;
using FibreCafe.Kci.Dispatch;
using FibreCafe.Kci.Kcis;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Dispatch;

/// <summary>One test (at least) per mapping rule of docs/kci-receiver.md, named after it.</summary>
public class KciEventMapperTests
{
    private static readonly DateTimeOffset Now = new(2024, 4, 11, 12, 0, 0, TimeSpan.Zero);

    private static KciDispatchPlan Map(JsonObject kci, KciEntityState? previous = null, CancellationRecord? open = null, CancellationRecord? reported = null)
    {
        var read = KciReader.Read(Encoding.UTF8.GetBytes(kci.ToJsonString()));
        Assert.True(read.IsValid, string.Join(" ", read.Messages));
        var entry = new KciInboxEntry
        {
            KciId = read.Envelope!.Id,
            EntityKey = read.EntityKey,
            SequenceNumber = read.Envelope.SequenceNumber,
            EntityType = read.Envelope.EntityType,
            UpdateType = read.Envelope.UpdateType,
            Supplier = read.Envelope.Supplier,
            DeliveredOn = read.Envelope.DeliveredOn,
            ReceivedAt = Now,
            RequestId = "req-1",
            ConversationId = "conv-1",
            Body = Encoding.UTF8.GetBytes(kci.ToJsonString()),
        };
        return KciEventMapper.Map(new KciMappingInput(read.Envelope, read.Entity, entry, previous, open, reported), Now);
    }

    private static KciEntityState State(long sequence, string status, string key = "PROVIDE_ORDER:12345") => new(key, sequence, Guid.NewGuid(), status, Now);

    private static CancellationRecord Cancellation(long id, CancellationStatus status, long target = 12345, CancellationKind kind = CancellationKind.ServiceOrder) => new()
    {
        Kind = kind,
        CancellationId = id,
        TargetId = target,
        Status = status,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static JsonObject WithOrderCancellation(JsonObject kci, long id, string? status)
    {
        var cancellation = new JsonObject { ["id"] = id, ["orderId"] = 12345, ["reasonCode"] = "CUSTOMER_CHANGED_MIND" };
        if (status is not null)
        {
            cancellation["status"] = status;
        }

        kci["serviceOrderCancellation"] = cancellation;
        return kci;
    }

    private static IEnumerable<string> Names(KciDispatchPlan plan) => plan.Events.Select(e => e.GetType().Name);

    [Fact]
    public void Every_event_carries_the_kci_header()
    {
        var kci = TestKcis.Order(sequenceNumber: 4);

        var e = Map(kci).Events.Single();

        Assert.Equal(TestKcis.IdOf(kci), e.KciId);
        Assert.Equal(4, e.SequenceNumber);
        Assert.Equal("FIBRECO", e.Supplier);
        Assert.Equal(DateTimeOffset.Parse("2024-04-10T09:53:38.817Z", System.Globalization.CultureInfo.InvariantCulture), e.DeliveredOn);
        Assert.Equal("conv-1", e.ConversationId);
        Assert.Equal("req-1", e.RequestId);
        Assert.Equal(KciEntityType.ProvideOrder, e.EntityType);
        Assert.NotNull(e.Envelope);
    }

    [Theory]
    [InlineData("PENDING", nameof(ServiceOrderCancellationPending))]
    [InlineData("COMPLETED", nameof(ServiceOrderCancellationCompleted))]
    [InlineData("REJECTED", nameof(ServiceOrderCancellationRejected))]
    [InlineData("FAILED_TO_SEND", nameof(ServiceOrderCancellationFailedToSend))]
    public void C1_the_status_of_a_carried_cancellation_object_decides_the_event(string status, string expected)
    {
        var plan = Map(WithOrderCancellation(TestKcis.Order(status: "IN_PROGRESS", informationType: "UPDATE"), 234, status));

        var e = Assert.IsAssignableFrom<ServiceOrderCancellationEvent>(plan.Events.Single(e => e is ServiceOrderCancellationEvent));
        Assert.Equal(expected, e.GetType().Name);
        Assert.Equal(234, e.CancellationId);
        Assert.Equal(12345, e.OrderId);
        Assert.Equal(234, e.Cancellation!.Id);
        var update = Assert.Single(plan.LedgerUpdates);
        Assert.Equal((234L, new CancellationStatus(status)), (update.CancellationId, update.Status));
        Assert.Equal("CUSTOMER_CHANGED_MIND", update.ReasonCode);
    }

    [Fact]
    public void C1_a_carried_cancellation_received_by_the_gateway_is_recorded_without_an_event()
    {
        var plan = Map(WithOrderCancellation(TestKcis.Order(), 234, "RECEIVED_BY_GATEWAY"));

        Assert.DoesNotContain(plan.Events, e => e is ServiceOrderCancellationEvent);
        Assert.Equal(CancellationStatus.ReceivedByGateway, Assert.Single(plan.LedgerUpdates).Status);
    }

    [Fact]
    public void C1_a_carried_cancellation_with_an_unknown_status_falls_back_to_what_the_kci_says()
    {
        var plan = Map(WithOrderCancellation(TestKcis.Order(status: "CANCELLED", informationType: "CANCELLED"), 234, "WITHDRAWN_BY_MARTIANS"));

        Assert.Contains(nameof(ServiceOrderCancellationCompleted), Names(plan));
    }

    [Fact]
    public void C2_information_cancelled_completes_the_open_cancellation_of_the_ledger()
    {
        var plan = Map(TestKcis.Order(status: "CANCELLED", informationType: "CANCELLED"), open: Cancellation(234, CancellationStatus.Pending));

        var e = Assert.IsType<ServiceOrderCancellationCompleted>(plan.Events[0]);
        Assert.Equal(234, e.CancellationId);
        Assert.Equal(CancellationStatus.Completed, Assert.Single(plan.LedgerUpdates).Status);
    }

    [Fact]
    public void C2_information_cancelled_without_any_known_cancellation_still_completes_one_with_no_id()
    {
        var plan = Map(TestKcis.Order(status: "CANCELLED", informationType: "CANCELLED"));

        var e = Assert.IsType<ServiceOrderCancellationCompleted>(plan.Events[0]);
        Assert.Null(e.CancellationId);
        Assert.Empty(plan.LedgerUpdates);
    }

    [Fact]
    public void C3_resubmit_with_an_open_ledger_cancellation_rejects_it_with_the_supplier_text_and_no_action_required()
    {
        var plan = Map(TestKcis.Order(status: "IN_PROGRESS", updateType: "ACTION_REQUIRED"), open: Cancellation(234, CancellationStatus.Pending));

        var e = Assert.IsType<ServiceOrderCancellationRejected>(plan.Events[0]);
        Assert.Equal(234, e.CancellationId);
        Assert.Equal("Rejected by the supplier.", e.ReasonText);
        Assert.DoesNotContain(nameof(ActionRequired), Names(plan));
        Assert.Equal(CancellationStatus.Rejected, Assert.Single(plan.LedgerUpdates).Status);
    }

    [Fact]
    public void C3_the_older_rejection_action_name_counts_as_resubmit()
    {
        var kci = TestKcis.Order(status: "IN_PROGRESS", updateType: "ACTION_REQUIRED");
        kci["action"]!["type"] = "REJECTION";

        Assert.IsType<ServiceOrderCancellationRejected>(Map(kci, open: Cancellation(234, CancellationStatus.ReceivedByGateway)).Events[0]);
    }

    [Fact]
    public void C3_resubmit_without_any_cancellation_is_about_the_order_and_raises_action_required()
    {
        var plan = Map(TestKcis.Order(status: "IN_PROGRESS", updateType: "ACTION_REQUIRED"));

        Assert.DoesNotContain(plan.Events, e => e is ServiceOrderCancellationEvent);
        var action = Assert.IsType<ActionRequired>(plan.Events.Last());
        Assert.Equal(KciActionType.Resubmit, action.Type);
        Assert.Equal("12345", action.EntityId);
    }

    [Fact]
    public void C4_an_error_with_an_open_ledger_cancellation_fails_it_with_the_gateway_error_and_no_error_event()
    {
        var plan = Map(TestKcis.Order(status: "IN_PROGRESS", updateType: "ERROR"), open: Cancellation(234, CancellationStatus.ReceivedByGateway));

        var e = Assert.IsType<ServiceOrderCancellationFailedToSend>(plan.Events[0]);
        Assert.Equal(234, e.CancellationId);
        Assert.Equal("SUPPLIER_FAULT", e.Error!.Code!.Value.Value);
        Assert.Equal("Supplier down.", e.ReasonText);
        Assert.DoesNotContain(nameof(KciErrorReported), Names(plan));
    }

    [Fact]
    public void C4_an_error_whose_order_failed_to_send_is_about_the_order_even_with_an_open_cancellation()
    {
        var plan = Map(TestKcis.Order(status: "FAILED_TO_SEND", updateType: "ERROR"), open: Cancellation(234, CancellationStatus.ReceivedByGateway));

        Assert.DoesNotContain(plan.Events, e => e is ServiceOrderCancellationEvent);
        Assert.Contains(nameof(KciErrorReported), Names(plan));
        Assert.Empty(plan.LedgerUpdates);
    }

    [Fact]
    public void C4_an_error_without_any_cancellation_raises_kci_error_reported()
    {
        var plan = Map(TestKcis.Order(status: "IN_PROGRESS", updateType: "ERROR"));

        Assert.Equal("SUPPLIER_FAULT", Assert.IsType<KciErrorReported>(plan.Events.Last()).Error!.Code!.Value.Value);
    }

    [Fact]
    public void C5_pending_cancellation_status_makes_the_open_cancellation_pending()
    {
        var plan = Map(TestKcis.Order(status: "PENDING_CANCELLATION", informationType: "UPDATE"), open: Cancellation(234, CancellationStatus.ReceivedByGateway));

        Assert.Equal(234, Assert.IsType<ServiceOrderCancellationPending>(plan.Events[0]).CancellationId);
        Assert.Equal(CancellationStatus.Pending, Assert.Single(plan.LedgerUpdates).Status);
    }

    [Fact]
    public void C5_an_unknown_cancellation_is_pending_once_when_the_order_becomes_pending_cancellation()
    {
        var first = Map(TestKcis.Order(sequenceNumber: 3, status: "PENDING_CANCELLATION", informationType: "UPDATE"), State(2, "IN_PROGRESS"));
        var again = Map(TestKcis.Order(sequenceNumber: 4, status: "PENDING_CANCELLATION", informationType: "WARNING"), State(3, "PENDING_CANCELLATION"));

        Assert.Null(Assert.IsType<ServiceOrderCancellationPending>(first.Events[0]).CancellationId);
        Assert.DoesNotContain(again.Events, e => e is ServiceOrderCancellationEvent);
    }

    [Theory]
    [InlineData("PENDING", "PENDING")]
    [InlineData("COMPLETED", "PENDING")]
    [InlineData("COMPLETED", "REJECTED")]
    [InlineData("REJECTED", "COMPLETED")]
    [InlineData("PENDING", "RECEIVED_BY_GATEWAY")]
    public void C6_a_known_cancellation_raises_nothing_unless_its_lifecycle_moves_forward(string recorded, string reported)
    {
        var plan = Map(
            WithOrderCancellation(TestKcis.Order(status: "IN_PROGRESS", informationType: "UPDATE"), 234, reported),
            reported: Cancellation(234, new CancellationStatus(recorded)));

        Assert.DoesNotContain(plan.Events, e => e is ServiceOrderCancellationEvent);
        Assert.Empty(plan.LedgerUpdates);
    }

    [Fact]
    public void C6_a_stale_kci_still_moves_a_known_cancellation_forward()
    {
        var plan = Map(
            WithOrderCancellation(TestKcis.Order(sequenceNumber: 2, status: "IN_PROGRESS", updateType: "ACTION_REQUIRED"), 234, "REJECTED"),
            previous: State(5, "IN_PROGRESS"),
            reported: Cancellation(234, CancellationStatus.Pending));

        Assert.Equal([nameof(ServiceOrderCancellationRejected)], Names(plan));
        Assert.True(plan.IsStale);
    }

    [Fact]
    public void C7_a_stale_kci_about_an_unknown_cancellation_raises_nothing()
    {
        var plan = Map(TestKcis.Order(sequenceNumber: 2, status: "CANCELLED", informationType: "CANCELLED"), State(3, "CANCELLED"));

        Assert.Empty(plan.Events);
    }

    [Fact]
    public void C1_problem_cancellations_follow_the_same_rules()
    {
        var kci = TestKcis.Problem(status: "CANCELLED", informationType: "CANCELLED");
        kci["entity"]!["serviceProblemCancellation"] = new JsonObject { ["id"] = 55, ["status"] = "COMPLETED", ["serviceProblemId"] = 777, ["reasonCode"] = "ISSUE_RESOLVED" };

        var plan = Map(kci);

        var e = Assert.IsType<ServiceProblemCancellationCompleted>(plan.Events[0]);
        Assert.Equal((777L, 55L), (e.ServiceProblemId, e.CancellationId!.Value));
        Assert.Equal(CancellationKind.ServiceProblem, Assert.Single(plan.LedgerUpdates).Kind);
    }

    [Theory]
    [InlineData("ACTION_REQUIRED", "IN_PROGRESS", nameof(ServiceProblemCancellationRejected))]
    [InlineData("ERROR", "IN_PROGRESS", nameof(ServiceProblemCancellationFailedToSend))]
    [InlineData("INFORMATIONAL", "PENDING_CANCELLATION", nameof(ServiceProblemCancellationPending))]
    public void C3_C4_C5_problem_cancellations_are_linked_through_the_ledger(string updateType, string status, string expected)
    {
        var plan = Map(
            TestKcis.Problem(status: status, updateType: updateType),
            open: Cancellation(55, CancellationStatus.ReceivedByGateway, target: 777, kind: CancellationKind.ServiceProblem));

        Assert.Equal(expected, plan.Events[0].GetType().Name);
        Assert.Equal(55, ((ServiceProblemCancellationEvent)plan.Events[0]).CancellationId);
    }

    [Fact]
    public void S1_a_new_order_status_raises_status_changed_with_the_previous_one()
    {
        var plan = Map(TestKcis.Order(sequenceNumber: 2, status: "ACKNOWLEDGED"), State(1, "SENT_TO_SUPPLIER"));

        var e = Assert.IsType<ServiceOrderStatusChanged>(Assert.Single(plan.Events));
        Assert.Equal(ServiceOrderStatus.Acknowledged, e.Status);
        Assert.Equal(ServiceOrderStatus.SentToSupplier, e.PreviousStatus);
        Assert.Equal(KciInformationType.Acknowledged, e.Information!.Type);
        Assert.Equal(("PROVIDE_ORDER:12345", 2L, "ACKNOWLEDGED"), (plan.EntityState!.EntityKey, plan.EntityState.SequenceNumber, plan.EntityState.Status));
    }

    [Fact]
    public void S1_an_unchanged_order_status_raises_nothing_but_is_recorded()
    {
        var plan = Map(TestKcis.Order(sequenceNumber: 3, status: "IN_PROGRESS", informationType: "COMMITTED"), State(2, "IN_PROGRESS"));

        Assert.Empty(plan.Events);
        Assert.Equal(3, plan.EntityState!.SequenceNumber);
    }

    [Fact]
    public void S2_a_new_problem_status_raises_problem_status_changed()
    {
        var plan = Map(TestKcis.Problem(sequenceNumber: 2, status: "RESOLVED"), State(1, "IN_PROGRESS", "SERVICE_PROBLEM:777"));

        var e = Assert.IsType<ServiceProblemStatusChanged>(Assert.Single(plan.Events));
        Assert.Equal((777L, ServiceProblemStatus.Resolved, (ServiceProblemStatus?)ServiceProblemStatus.InProgress), (e.ServiceProblemId, e.Status, e.PreviousStatus));
    }

    [Fact]
    public void S3_every_fresh_service_test_kci_raises_service_test_updated()
    {
        // Unlike orders and problems, a test's KCI is news even when its status did not change.
        var kci = TestKcis.Order(sequenceNumber: 2, entityType: "SERVICE_TEST", status: "COMPLETED", informationType: "COMPLETED");

        var e = Assert.IsType<ServiceTestUpdated>(Assert.Single(Map(kci, State(1, "COMPLETED", "SERVICE_TEST:12345")).Events));

        Assert.Equal((12345L, ServiceTestStatus.Completed), (e.ServiceTestId, e.Status));
    }

    [Fact]
    public void S4_an_unsolicited_cease_created_raises_unsolicited_cease_received()
    {
        var kci = TestKcis.Order(entityType: "UNSOLICITED_CEASE_ORDER", status: "RECEIVED_BY_GATEWAY", informationType: "CREATED");
        kci["entity"]!["supplierOrderNumber"] = "FC123";

        var plan = Map(kci);

        Assert.Equal([nameof(ServiceOrderStatusChanged), nameof(UnsolicitedCeaseReceived)], Names(plan));
        Assert.Equal("FC123", plan.Events.OfType<UnsolicitedCeaseReceived>().Single().SupplierOrderNumber);
    }

    [Fact]
    public void S4_later_kcis_of_an_unsolicited_cease_are_status_changes_only()
    {
        var kci = TestKcis.Order(sequenceNumber: 3, entityType: "UNSOLICITED_CEASE_ORDER", status: "ACKNOWLEDGED", informationType: "ACKNOWLEDGED");

        Assert.Equal([nameof(ServiceOrderStatusChanged)], Names(Map(kci, State(1, "RECEIVED_BY_GATEWAY", "UNSOLICITED_CEASE_ORDER:12345"))));
    }

    [Fact]
    public void S5_an_action_required_raises_action_required_with_type_code_and_text()
    {
        var kci = TestKcis.Order(status: "PENDING", updateType: "ACTION_REQUIRED");
        kci["action"] = new JsonObject { ["type"] = "REAPPOINT", ["code"] = "UNABLE_TO_ATTEND", ["text"] = "Book again.", ["supplierCode"] = "313" };

        var action = Map(kci).Events.OfType<ActionRequired>().Single();

        Assert.Equal((KciActionType.Reappoint, "UNABLE_TO_ATTEND", "Book again.", "313"), (action.Type, action.Code, action.Text, action.SupplierCode));
    }

    [Fact]
    public void S6_S3_a_service_test_error_raises_the_update_and_the_error()
    {
        var kci = TestKcis.Order(entityType: "SERVICE_TEST", status: "FAILED_TO_SEND", updateType: "ERROR");

        Assert.Equal([nameof(ServiceTestUpdated), nameof(KciErrorReported)], Names(Map(kci)));
    }

    [Fact]
    public void S7_an_unknown_entity_type_raises_unknown_kci_received()
    {
        var e = Assert.IsType<UnknownKciReceived>(Assert.Single(Map(TestKcis.Order(entityType: "PROVIDE_ETHERNET_ORDER")).Events));

        Assert.Equal("entityType PROVIDE_ETHERNET_ORDER", e.Unknown);
        Assert.Equal("PROVIDE_ETHERNET_ORDER", e.EntityType.Value);
    }

    [Fact]
    public void S7_an_unknown_update_type_raises_unknown_kci_received_and_still_tracks_the_status()
    {
        var kci = TestKcis.Order(status: "HELD");
        kci["updateType"] = "ADVISORY";

        var plan = Map(kci);

        Assert.Equal([nameof(ServiceOrderStatusChanged), nameof(UnknownKciReceived)], Names(plan));
        Assert.Equal("updateType ADVISORY", plan.Events.OfType<UnknownKciReceived>().Single().Unknown);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void S8_a_stale_kci_raises_no_entity_event_and_keeps_the_recorded_state(long sequence)
    {
        var kci = TestKcis.Order(sequenceNumber: sequence, status: "IN_PROGRESS", updateType: "ACTION_REQUIRED");

        var plan = Map(kci, State(5, "COMPLETED"));

        Assert.Empty(plan.Events);
        Assert.True(plan.IsStale);
        Assert.Null(plan.EntityState);
    }
}
