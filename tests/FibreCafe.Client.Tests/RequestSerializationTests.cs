using System.Text.Json;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class RequestSerializationTests
{
    [Fact]
    public async Task Order_cancellation_is_posted_as_the_gateway_documents_it()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        var call = Assert.Single(h.Calls(OrderPath));
        Assert.Equal("POST", call.RequestMessage!.Method);
        Assert.StartsWith("application/json", Header(call, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal(
            """{"supplier":"DUMMY_SUPPLIER","orderId":123,"reasonCode":"CUSTOMER_CHANGED_MIND","text":"Delivery too long"}""",
            call.RequestMessage!.Body);
        Assert.Equal("Bearer token-A", Header(call, "Authorization"));
        Assert.Equal(201, response.Status);
        Assert.Equal(234, response.Value.Id);
        Assert.Equal("A123X-1", response.Value.SupplierReference);
        Assert.Equal(CancellationStatus.ReceivedByGateway, response.Value.Status);
        Assert.Equal(OrderCancellationReasonCode.CustomerChangedMind, response.Value.ReasonCode);
    }

    [Fact]
    public async Task The_body_is_sent_with_its_length_and_the_json_media_type()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());

        // Serialized up front: a Content-Length rather than a chunked body, and the media type JsonContent would send.
        var call = Assert.Single(h.Calls(OrderPath));
        Assert.Equal("application/json; charset=utf-8", Header(call, "Content-Type"));
        Assert.Equal(
            System.Text.Encoding.UTF8.GetByteCount(call.RequestMessage!.Body!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Header(call, "Content-Length"));
        Assert.False(call.RequestMessage.Headers!.ContainsKey("Transfer-Encoding"));
    }

    [Fact]
    public async Task Optional_fields_that_are_null_are_not_sent()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(new ServiceOrderCancellationRequest { OrderId = 9, ReasonCode = OrderCancellationReasonCode.Other });

        Assert.Equal("""{"orderId":9,"reasonCode":"OTHER"}""", Assert.Single(h.Calls(OrderPath)).RequestMessage!.Body);
    }

    [Fact]
    public async Task Problem_cancellation_is_posted_as_the_gateway_documents_it()
    {
        await using var h = Create();
        h.Stub(ProblemPath, () => Json(201, ProblemCreatedJson));

        var response = await h.Client.CancelServiceProblemAsync(new ServiceProblemCancellationRequest
        {
            ServiceProblemId = 123,
            ReasonCode = ProblemCancellationReasonCode.CustomerNetworkIssue,
            Text = "Issue appears to have rectified itself.",
        });

        var call = Assert.Single(h.Calls(ProblemPath));
        Assert.Equal(
            """{"serviceProblemId":123,"reasonCode":"CUSTOMER_NETWORK_ISSUE","text":"Issue appears to have rectified itself."}""",
            call.RequestMessage!.Body);
        Assert.Equal(77, response.Value.Id);
        Assert.Equal(123, response.Value.ServiceProblemId);
        Assert.Equal(ProblemCancellationReasonCode.IssueResolved, response.Value.ReasonCode);
    }

    [Fact]
    public async Task Unknown_status_and_reason_values_from_the_gateway_are_preserved()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201,
            """{"id":5,"status":"AWAITING_SUPPLIER_2027","orderId":1,"reasonCode":"BRAND_NEW_REASON","futureField":{"x":1}}"""));

        var response = await h.Client.CancelServiceOrderAsync(new ServiceOrderCancellationRequest { OrderId = 1, ReasonCode = "BRAND_NEW_REASON" });

        Assert.Equal("AWAITING_SUPPLIER_2027", response.Value.Status.Value);
        Assert.False(response.Value.Status.IsKnown);
        Assert.False(response.Value.Status.IsTerminal);
        Assert.Equal("BRAND_NEW_REASON", response.Value.ReasonCode.Value);
        Assert.False(response.Value.ReasonCode.IsKnown);
        Assert.Equal(
            """{"id":5,"status":"AWAITING_SUPPLIER_2027","orderId":1,"reasonCode":"BRAND_NEW_REASON"}""",
            JsonSerializer.Serialize(response.Value, Serialization.FibreCafeJsonContext.Default.ServiceOrderCancellation));
    }

    [Fact]
    public void Known_values_are_complete_and_classified()
    {
        Assert.Equal(10, OrderCancellationReasonCode.KnownValues.Count);
        Assert.Equal(5, OrderCancellationReasonCode.KnownValues.Count(c => c.IsUnsolicitedCease));
        Assert.Equal(4, ProblemCancellationReasonCode.KnownValues.Count);
        Assert.Equal(5, CancellationStatus.KnownValues.Count);
        Assert.Equal(9, GatewayErrorCode.KnownValues.Count);
        Assert.Equal(
            ["FAILED_TO_SEND", "REJECTED", "COMPLETED"],
            CancellationStatus.KnownValues.Where(s => s.IsTerminal).Select(s => s.Value));
        Assert.Equal("PURCHASED_DIFFERENT_PRODUCT", OrderCancellationReasonCode.PurchasedDifferentProduct.ToString());
        Assert.Equal(string.Empty, default(CancellationStatus).Value);
        Assert.True(new CancellationStatus("PENDING") == CancellationStatus.Pending);
    }
}
