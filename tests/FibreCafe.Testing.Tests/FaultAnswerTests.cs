using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FibreCafe.Testing.Tests;

/// <summary>Injected faults answer as the gateway, or what stands in front of it, would for each status.</summary>
public sealed class FaultAnswerTests
{
    private const string Order = """{"orderId":1,"reasonCode":"OTHER"}""";

    [Theory]
    [InlineData(400, "MALFORMED_REQUEST", "Missing mandatory field reasonCode")]
    [InlineData(401, "NOT_AUTHORISED", "access token")]
    [InlineData(403, null, null)]
    [InlineData(404, "NOT_FOUND", "orderId")]
    [InlineData(408, null, null)]
    [InlineData(409, "INVALID_REQUEST", "documents no such answer")]
    [InlineData(422, "INVALID_REQUEST", "Invalid value for field reasonCode - accepted values are CUSTOMER_CHANGED_MIND")]
    [InlineData(429, null, null)]
    [InlineData(500, "GATEWAY_FAULT", "unexpected error")]
    [InlineData(501, "SUPPLIER_FAULT", "501 Not Implemented")]
    [InlineData(502, "SUPPLIER_FAULT", "The supplier API returned")]
    [InlineData(503, null, null)]
    [InlineData(504, null, null)]
    [InlineData(507, "GATEWAY_FAULT", "documents no such answer")]
    public async Task Each_injected_status_gets_the_gateways_code_and_message_or_no_body(int status, string? code, string? message)
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await SandboxGatewayTests.AuthorizedClientAsync(sandbox);
        sandbox.Faults.FailNextCancellations(1, status);

        using var response = await http.PostAsync(new Uri(sandbox.BaseAddress + "/service-order-cancellations"), Json(Order));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (code is null)
        {
            Assert.Empty(body);
            return;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(body);
        Assert.Equal(["uuid", "code", "messages"], error.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(error.RootElement.GetProperty("uuid").GetString(), out _));
        Assert.Equal(code, error.RootElement.GetProperty("code").GetString());
        Assert.Contains(message!, Assert.Single(error.RootElement.GetProperty("messages").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_cancellations_get_their_own_field_and_reason_codes()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await SandboxGatewayTests.AuthorizedClientAsync(sandbox);
        var url = new Uri(sandbox.BaseAddress + "/service-problem-cancellations");
        const string problem = """{"serviceProblemId":1,"reasonCode":"OTHER"}""";
        sandbox.Faults.FailNextCancellations(1, 422);
        using var invalid = await http.PostAsync(url, Json(problem));
        sandbox.Faults.FailNextCancellations(1, 404);
        using var notFound = await http.PostAsync(url, Json(problem));

        Assert.Contains("accepted values are ISSUE_RESOLVED", await MessageAsync(invalid), StringComparison.Ordinal);
        Assert.Contains("serviceProblemId", await MessageAsync(notFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_asks_for_a_wait_with_Retry_After_also_with_a_body_of_your_own()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await SandboxGatewayTests.AuthorizedClientAsync(sandbox);
        var url = new Uri(sandbox.BaseAddress + "/service-order-cancellations");
        sandbox.Faults.FailNextCancellations(1, 429);
        using var plain = await http.PostAsync(url, Json(Order));
        sandbox.Faults.FailNextCancellationsWith(1, 429, "slow down", "text/plain");
        using var custom = await http.PostAsync(url, Json(Order));

        Assert.Equal(TimeSpan.FromSeconds(1), plain.Headers.RetryAfter?.Delta);
        Assert.Equal(TimeSpan.FromSeconds(1), custom.Headers.RetryAfter?.Delta);
        Assert.Equal("slow down", await custom.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "text/html")]
    [InlineData("""{"uuid":"u-1","code":"TENANT_FAULT","messages":["custom"]}""", "application/json")]
    [InlineData("", "application/json")]
    public async Task A_body_of_your_own_is_sent_as_given(string body, string contentType)
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await SandboxGatewayTests.AuthorizedClientAsync(sandbox);
        sandbox.Faults.FailNextCancellationsWith(1, 502, body, contentType);

        using var response = await http.PostAsync(new Uri(sandbox.BaseAddress + "/service-order-cancellations"), Json(Order));
        using var recovered = await http.PostAsync(new Uri(sandbox.BaseAddress + "/service-order-cancellations"), Json(Order));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(body.Length == 0 ? null : contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(201, (int)recovered.StatusCode);
        Assert.Equal(502, sandbox.Faults.FailureStatus);
    }

    [Theory]
    [InlineData(199)]
    [InlineData(600)]
    public async Task A_status_outside_200_to_599_is_refused(int status)
    {
        await using var sandbox = FibreCafeSandbox.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.Faults.FailNextCancellations(1, status));
        Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.Faults.FailNextCancellationsWith(1, status, "x"));
        Assert.Equal(503, sandbox.Faults.FailureStatus);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetString()!;
}
