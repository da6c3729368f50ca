using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FibreCafe.Testing.Tests;

/// <summary>The sandbox's own answers, seen by a plain HttpClient.</summary>
public sealed class SandboxGatewayTests
{
    [Theory]
    [InlineData("""{"reasonCode":"OTHER"}""", 400, "MALFORMED_REQUEST", "orderId")]
    [InlineData("""{"orderId":"twelve","reasonCode":"OTHER"}""", 400, "MALFORMED_REQUEST", "orderId")]
    [InlineData("""{"orderId":0,"reasonCode":"OTHER"}""", 422, "INVALID_REQUEST", "orderId")]
    [InlineData("""{"orderId":1}""", 400, "MALFORMED_REQUEST", "reasonCode")]
    [InlineData("""{"orderId":1,"reasonCode":"other"}""", 422, "INVALID_REQUEST", "reasonCode")]
    [InlineData("""{"orderId":1,"reasonCode":"OTHER","supplier":"BAD-ID"}""", 422, "INVALID_REQUEST", "supplier")]
    [InlineData("""{"orderId":1,"reasonCode":"OTHER","text":""}""", 422, "INVALID_REQUEST", "text")]
    [InlineData("""{"orderId":1,"reasonCode":"OTHER","text":42}""", 400, "MALFORMED_REQUEST", "text")]
    [InlineData("""not json""", 400, "MALFORMED_REQUEST", "JSON")]
    [InlineData("""[1,2]""", 400, "MALFORMED_REQUEST", "object")]
    public async Task Invalid_order_cancellations_get_the_gateways_error_shape_naming_the_field(string body, int status, string code, string field)
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await AuthorizedClientAsync(sandbox);

        using var response = await http.PostAsync(new Uri(sandbox.BaseAddress + "/service-order-cancellations"), Json(body));

        await AssertErrorAsync(response, status, code, field);
    }

    [Fact]
    public async Task Problem_cancellations_have_their_own_rules()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await AuthorizedClientAsync(sandbox);
        var url = new Uri(sandbox.BaseAddress + "/service-problem-cancellations");

        using var shortCode = await http.PostAsync(url, Json("""{"serviceProblemId":1,"reasonCode":"OTHR"}"""));
        using var supplier = await http.PostAsync(url, Json("""{"serviceProblemId":1,"reasonCode":"OTHER","supplier":"X"}"""));
        using var created = await http.PostAsync(url, Json("""{"serviceProblemId":1,"reasonCode":"ISSUE_RESOLVED"}"""));

        await AssertErrorAsync(shortCode, 422, "INVALID_REQUEST", "reasonCode");
        await AssertErrorAsync(supplier, 422, "INVALID_REQUEST", "supplier");
        Assert.Equal(201, (int)created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("RECEIVED_BY_GATEWAY", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.TryGetProperty("supplierReference", out _));
    }

    [Fact]
    public async Task Calls_need_a_valid_token_and_both_correlation_headers()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var anonymous = new HttpClient();
        using var authorized = await AuthorizedClientAsync(sandbox, correlation: false);
        var url = new Uri(sandbox.BaseAddress + "/service-order-cancellations");
        const string body = """{"orderId":1,"reasonCode":"OTHER"}""";

        using var noToken = await anonymous.PostAsync(url, Json(body));
        using var noHeaders = await authorized.PostAsync(url, Json(body));
        sandbox.RevokeTokens();
        authorized.DefaultRequestHeaders.Add("X-Request-ID", "r");
        authorized.DefaultRequestHeaders.Add("X-Conversation-ID", "c");
        using var revoked = await authorized.PostAsync(url, Json(body));

        await AssertErrorAsync(noToken, 401, "NOT_AUTHORISED", "token");
        await AssertErrorAsync(noHeaders, 400, "MALFORMED_REQUEST", "X-Request-ID");
        await AssertErrorAsync(revoked, 401, "NOT_AUTHORISED", "token");
    }

    [Theory]
    [InlineData("X-Scenario", "ORDER_SUCCESSFUL", "X-Scenario")]
    [InlineData("X-Kci-Delay", "soon", "X-Kci-Delay")]
    public async Task Unknown_test_headers_are_refused_rather_than_ignored(string header, string value, string named)
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = await AuthorizedClientAsync(sandbox);
        http.DefaultRequestHeaders.Add(header, value);

        using var response = await http.PostAsync(new Uri(sandbox.BaseAddress + "/service-order-cancellations"), Json("""{"orderId":1,"reasonCode":"OTHER"}"""));

        await AssertErrorAsync(response, 400, "MALFORMED_REQUEST", named);
    }

    [Fact]
    public async Task The_token_endpoint_speaks_client_credentials_over_basic_or_form()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = new HttpClient();

        using var form = await http.PostAsync(sandbox.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "sandbox-client", ["client_secret"] = "sandbox-secret",
        }));
        using var wrongGrant = await http.PostAsync(sandbox.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "sandbox-client", ["client_secret"] = "sandbox-secret",
        }));

        var token = await form.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("sbx_", token.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(400, (int)wrongGrant.StatusCode);
        Assert.Equal("unsupported_grant_type", (await wrongGrant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_paths_answer_not_found_in_the_gateways_shape()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(sandbox.BaseAddress + "/service-orders/1"));

        await AssertErrorAsync(response, 404, "NOT_FOUND", "operation");
    }

    internal static async Task<HttpClient> AuthorizedClientAsync(FibreCafeSandbox sandbox, bool correlation = true)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-client:sandbox-secret")));
        using var token = await http.PostAsync(sandbox.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (correlation)
        {
            http.DefaultRequestHeaders.Add("X-Request-ID", Guid.NewGuid().ToString());
            http.DefaultRequestHeaders.Add("X-Conversation-ID", "conv-test");
        }

        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string code, string mentioned)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Guid.TryParse(error.GetProperty("uuid").GetString(), out _));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(mentioned, error.GetProperty("messages")[0].GetString(), StringComparison.Ordinal);
    }
}
