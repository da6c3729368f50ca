using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Testing.Tests;

/// <summary>The client turns each injected fault into the typed exception it turns the real gateway's answer into.</summary>
public sealed class FaultClientMappingTests
{
    [Theory]
    [InlineData(400, typeof(FibreCafeInvalidRequestException), "MALFORMED_REQUEST")]
    [InlineData(422, typeof(FibreCafeInvalidRequestException), "INVALID_REQUEST")]
    [InlineData(401, typeof(FibreCafeAuthenticationException), "NOT_AUTHORISED")]
    [InlineData(403, typeof(FibreCafeForbiddenException), null)]
    [InlineData(404, typeof(FibreCafeApiException), "NOT_FOUND")]
    [InlineData(500, typeof(FibreCafeUnavailableException), "GATEWAY_FAULT")]
    [InlineData(502, typeof(FibreCafeUnavailableException), "SUPPLIER_FAULT")]
    [InlineData(503, typeof(FibreCafeUnavailableException), null)]
    [InlineData(504, typeof(FibreCafeUnavailableException), null)]
    public async Task Each_injected_status_maps_to_its_typed_exception_and_code(int status, Type exception, string? code)
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = SandboxClientTests.Client(sandbox);
        sandbox.Faults.FailNextCancellations(100, status); // more than the attempts and the 401 renewal

        var ex = await Assert.ThrowsAnyAsync<FibreCafeApiException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));

        Assert.IsType(exception, ex);
        Assert.Equal(status, ex.Status);
        Assert.Equal(code, ex.Code?.Value);
        Assert.Equal(code is null, ex.Messages.Count == 0);
        Assert.Equal(code is not null, Guid.TryParse(ex.ErrorUuid, out _));
    }

    [Fact]
    public async Task A_422_names_the_field_in_the_exceptions_messages()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = SandboxClientTests.Client(sandbox);
        sandbox.Faults.FailNextCancellations(1, 422);

        var ex = await Assert.ThrowsAsync<FibreCafeInvalidRequestException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));

        Assert.Equal(GatewayErrorCode.InvalidRequest, ex.Code);
        Assert.StartsWith("Invalid value for field reasonCode", Assert.Single(ex.Messages), StringComparison.Ordinal);
        Assert.Equal(1, sandbox.CancellationRequests); // a 422 is not retried
    }

    [Fact]
    public async Task A_429_reaches_the_caller_with_the_wait_the_sandbox_asked_for()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = SandboxClientTests.Client(sandbox, o => o.Resilience.MaxAttempts = 1);
        sandbox.Faults.FailNextCancellations(1, 429);

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));

        Assert.Equal(429, ex.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.False(ex.MayHaveBeenProcessed);
    }

    [Fact]
    public async Task A_proxy_page_of_your_own_is_kept_as_the_response_body()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = SandboxClientTests.Client(sandbox, o => o.Resilience.MaxAttempts = 1);
        sandbox.Faults.FailNextCancellationsWith(1, 502, "<html>Bad Gateway</html>", "text/html");

        var ex = await Assert.ThrowsAsync<FibreCafeUnavailableException>(() =>
            services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = "OTHER" }));

        Assert.Equal("<html>Bad Gateway</html>", ex.ResponseBody);
        Assert.Null(ex.Code);
    }
}
