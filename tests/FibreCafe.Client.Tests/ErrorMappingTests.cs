using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(400, "MALFORMED_REQUEST", typeof(FibreCafeInvalidRequestException))]
    [InlineData(422, "INVALID_REQUEST", typeof(FibreCafeInvalidRequestException))]
    [InlineData(401, "NOT_AUTHORISED", typeof(FibreCafeAuthenticationException))]
    [InlineData(404, "NOT_FOUND", typeof(FibreCafeApiException))]
    [InlineData(500, "GATEWAY_FAULT", typeof(FibreCafeUnavailableException))]
    [InlineData(502, "SUPPLIER_FAULT", typeof(FibreCafeUnavailableException))]
    public async Task A_gateway_error_body_becomes_a_typed_exception_with_every_detail(int status, string code, Type expected)
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 1);
        h.Stub(OrderPath, () => Error(status, code, "Invalid value for field orderId"));

        var ex = await Assert.ThrowsAsync(expected, () => h.Client.CancelServiceOrderAsync(
            OrderRequest(), new FibreCafeCallOptions { RequestId = "req-1", ConversationId = "conv-1" }));

        var api = Assert.IsAssignableFrom<FibreCafeApiException>(ex);
        Assert.Equal(status, api.Status);
        Assert.Equal(code, api.Code?.Value);
        Assert.True(api.Code?.IsKnown);
        Assert.Equal(["Invalid value for field orderId"], api.Messages);
        Assert.Equal("87432dfb-2e47-4532-a1b7-4b113d48867d", api.ErrorUuid);
        Assert.Equal("req-1", api.RequestId);
        Assert.Equal("conv-1", api.ConversationId);
        Assert.Contains("req-1", api.Message, StringComparison.Ordinal);
        Assert.Contains(code, api.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid value for field orderId", api.ResponseBody, StringComparison.Ordinal);
        h.AssertNoSecrets(ex.ToString());
    }

    [Fact]
    public async Task A_403_without_body_from_a_firewall_is_a_forbidden_exception()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Status(403));

        var ex = await Assert.ThrowsAsync<FibreCafeForbiddenException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(403, ex.Status);
        Assert.Null(ex.Code);
        Assert.Empty(ex.Messages);
        Assert.True(string.IsNullOrEmpty(ex.ResponseBody));
        Assert.Single(h.Calls(OrderPath));
    }

    [Fact]
    public async Task A_503_without_body_is_an_unavailable_exception_after_the_retries()
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 2);
        h.Stub(OrderPath, () => Status(503));

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(503, ex.Status);
        Assert.Null(ex.Code);
        Assert.False(ex.MayHaveBeenProcessed);
        Assert.Equal(2, h.Calls(OrderPath).Count);
    }

    [Fact]
    public async Task A_non_json_body_is_kept_truncated_and_raises_no_secondary_exception()
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 1);
        var html = "<html><body>Bad gateway " + new string('x', 10_000) + "</body></html>";
        h.Stub(OrderPath, () => Response(500, html));

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Null(ex.Code);
        Assert.True(ex.MayHaveBeenProcessed);
        Assert.StartsWith("<html><body>Bad gateway", ex.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(FibreCafeApiException.MaxResponseBodyLength + 1, ex.ResponseBody!.Length);

        static WireMock.ResponseBuilders.IResponseBuilder Response(int status, string body) =>
            WireMock.ResponseBuilders.Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody(body);
    }

    [Fact]
    public async Task An_unknown_error_code_is_kept()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Error(422, "QUOTA_EXCEEDED_2027"));

        var ex = await Assert.ThrowsAsync<FibreCafeInvalidRequestException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal("QUOTA_EXCEEDED_2027", ex.Code?.Value);
        Assert.False(ex.Code?.IsKnown);
    }

    [Fact]
    public async Task The_non_throwing_form_returns_the_same_failure_and_the_success()
    {
        await using var h = Create();
        h.StubSequence(OrderPath, () => Error(422, "INVALID_REQUEST"), () => Json(201, OrderCreatedJson));

        var failed = await h.Client.TryCancelServiceOrderAsync(OrderRequest(), new FibreCafeCallOptions { RequestId = "r1" });
        var created = await h.Client.TryCancelServiceOrderAsync(OrderRequest(), new FibreCafeCallOptions { RequestId = "r2" });

        Assert.False(failed.IsSuccess);
        Assert.Equal("INVALID_REQUEST", Assert.IsType<FibreCafeInvalidRequestException>(failed.Error).Code?.Value);
        Assert.Equal("r1", failed.Correlation.RequestId);
        Assert.Equal("r1", failed.Error.RequestId);
        Assert.True(created.IsSuccess);
        Assert.Equal(234, created.Response.Value.Id);
        Assert.Equal("r2", created.Correlation.RequestId);
        Assert.Same(created.Response, created.GetResponseOrThrow());
        Assert.Throws<FibreCafeInvalidRequestException>(() => failed.GetResponseOrThrow());
    }

    [Fact]
    public async Task A_2xx_body_that_is_not_a_cancellation_is_an_api_exception_not_a_crash()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, "this is not json"));

        var ex = await Assert.ThrowsAsync<FibreCafeApiException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.Equal(201, ex.Status);
        Assert.Contains("not a cancellation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_gateway_error()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson).WithDelay(TimeSpan.FromSeconds(5)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Client.TryCancelServiceOrderAsync(OrderRequest(), cancellationToken: cts.Token));
    }
}
