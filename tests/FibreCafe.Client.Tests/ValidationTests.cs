using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class ValidationTests
{
    public static TheoryData<string, ServiceOrderCancellationRequest> InvalidOrders => new()
    {
        { "orderId", new() { OrderId = 0, ReasonCode = "OTHER" } },
        { "orderId", new() { OrderId = -5, ReasonCode = "OTHER" } },
        { "supplier", new() { Supplier = "", OrderId = 1, ReasonCode = "OTHER" } },
        { "supplier", new() { Supplier = "DUMMY-SUPPLIER", OrderId = 1, ReasonCode = "OTHER" } },
        { "supplier", new() { Supplier = new string('S', 21), OrderId = 1, ReasonCode = "OTHER" } },
        { "supplier", new() { Supplier = "FIBRÉCO", OrderId = 1, ReasonCode = "OTHER" } },
        { "reasonCode", new() { OrderId = 1, ReasonCode = "" } },
        { "reasonCode", new() { OrderId = 1, ReasonCode = "customer_changed_mind" } },
        { "reasonCode", new() { OrderId = 1, ReasonCode = new string('A', 31) } },
        { "reasonCode", new() { OrderId = 1, ReasonCode = default } },
        { "text", new() { OrderId = 1, ReasonCode = "OTHER", Text = "" } },
        { "text", new() { OrderId = 1, ReasonCode = "OTHER", Text = new string('t', 1001) } },
    };

    public static TheoryData<string, ServiceProblemCancellationRequest> InvalidProblems => new()
    {
        { "serviceProblemId", new() { ServiceProblemId = 0, ReasonCode = "OTHER_X" } },
        { "reasonCode", new() { ServiceProblemId = 1, ReasonCode = "OTHR" } },
        { "reasonCode", new() { ServiceProblemId = 1, ReasonCode = "ISSUE-RESOLVED" } },
        { "reasonCode", new() { ServiceProblemId = 1, ReasonCode = new string('A', 51) } },
        { "text", new() { ServiceProblemId = 1, ReasonCode = "ISSUE_RESOLVED", Text = new string('t', 1001) } },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_cancellation_names_its_field_and_sends_nothing(string field, ServiceOrderCancellationRequest request)
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var ex = await Assert.ThrowsAsync<FibreCafeValidationException>(() => h.Client.CancelServiceOrderAsync(request));

        Assert.Equal(field, ex.Field);
        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(h.Calls(OrderPath));
        Assert.Equal(0, h.TokenRequests);
        Assert.NotNull(ex.RequestId);
    }

    [Theory]
    [MemberData(nameof(InvalidProblems))]
    public async Task An_invalid_problem_cancellation_names_its_field_and_sends_nothing(string field, ServiceProblemCancellationRequest request)
    {
        await using var h = Create();
        h.Stub(ProblemPath, () => Json(201, ProblemCreatedJson));

        var result = await h.Client.TryCancelServiceProblemAsync(request);

        Assert.False(result.IsSuccess);
        Assert.Equal(field, Assert.IsType<FibreCafeValidationException>(result.Error).Field);
        Assert.Empty(h.Calls(ProblemPath));
    }

    [Fact]
    public async Task Every_listed_reason_code_is_sent_including_the_27_character_one()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));
        h.Stub(ProblemPath, () => Json(201, ProblemCreatedJson));

        foreach (var code in OrderCancellationReasonCode.KnownValues)
        {
            await h.Client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = code, Supplier = "FIBRECO_1", Text = new string('x', 1000) });
        }

        foreach (var code in ProblemCancellationReasonCode.KnownValues)
        {
            await h.Client.CancelServiceProblemAsync(new() { ServiceProblemId = 1, ReasonCode = code, Text = "x" });
        }

        Assert.Equal(10, h.Calls(OrderPath).Count);
        Assert.Equal(4, h.Calls(ProblemPath).Count);
        Assert.Contains(h.Calls(OrderPath), c => c.RequestMessage!.Body!.Contains("PURCHASED_DIFFERENT_PRODUCT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_null_request_fails_the_task_of_the_throwing_form_and_throws_at_once_from_the_non_throwing_one()
    {
        await using var h = Create();

        var order = h.Client.CancelServiceOrderAsync(null!);
        var problem = h.Client.CancelServiceProblemAsync(null!);

        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => order)).ParamName);
        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => problem)).ParamName);
        Assert.Throws<ArgumentNullException>(() => { _ = h.Client.TryCancelServiceOrderAsync(null!); });
        Assert.Throws<ArgumentNullException>(() => { _ = h.Client.TryCancelServiceProblemAsync(null!); });
    }
}
