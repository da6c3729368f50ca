using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class TokenTests
{
    [Fact]
    public async Task The_token_request_is_client_credentials_with_basic_authentication_by_default()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());
        await h.Client.CancelServiceOrderAsync(OrderRequest());

        var token = Assert.Single(h.Calls(TokenPath));
        Assert.StartsWith("application/x-www-form-urlencoded", Header(token, "Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")), Header(token, "Authorization"));
        var form = System.Web.HttpUtility.ParseQueryString(token.RequestMessage!.Body!);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("com.fibregateway.TEST/tenant.all.all", form["scope"]);
        Assert.Null(form["client_secret"]);
        Assert.All(h.Calls(OrderPath), c => Assert.Equal("Bearer token-A", Header(c, "Authorization")));
    }

    [Fact]
    public async Task Client_credentials_can_go_in_the_form_body_instead()
    {
        await using var h = Create(o => o.ClientCredentialStyle = FibreCafeClientCredentialStyle.PostBody);
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());

        var token = Assert.Single(h.Calls(TokenPath));
        var form = System.Web.HttpUtility.ParseQueryString(token.RequestMessage!.Body!);
        Assert.Equal(ClientId, form["client_id"]);
        Assert.Equal(ClientSecret, form["client_secret"]);
        Assert.False(token.RequestMessage!.Headers!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_on_a_cold_cache_make_exactly_one_token_request()
    {
        await using var h = Create(stubToken: false);
        h.TrackIssuedToken("slow-token");
        h.Stub(TokenPath, () => Json(200, """{"access_token":"slow-token","expires_in":3600,"token_type":"Bearer"}""").WithDelay(300));
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var responses = await Task.WhenAll(Enumerable.Range(1, 1000).Select(i => h.Client.CancelServiceOrderAsync(OrderRequest(i))));

        Assert.Equal(1, h.TokenRequests);
        Assert.Equal(1000, responses.Length);
        Assert.Equal(1000, h.Calls(OrderPath).Count(c => Header(c, "Authorization") == "Bearer slow-token"));
    }

    [Fact]
    public async Task A_token_counts_as_expired_the_margin_before_expires_in_ends()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = Create(o => o.TokenRefreshAhead = TimeSpan.Zero, s => s.AddSingleton<TimeProvider>(time), stubToken: false);
        h.StubSequence(TokenPath, () => TokenJson("token-A"), () => TokenJson("token-B"));
        h.TrackIssuedToken("token-A");
        h.TrackIssuedToken("token-B");
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());
        time.Advance(TimeSpan.FromSeconds(3600 - 60 - 1));
        await h.Client.CancelServiceOrderAsync(OrderRequest());
        Assert.Equal(1, h.TokenRequests);

        time.Advance(TimeSpan.FromSeconds(2));
        await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(2, h.TokenRequests);
        Assert.Equal(["Bearer token-A", "Bearer token-A", "Bearer token-B"], h.Calls(OrderPath).Select(c => Header(c, "Authorization")));
    }

    [Fact]
    public async Task A_token_about_to_expire_is_renewed_in_the_background_while_callers_keep_using_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = Create(o => o.TokenRefreshAhead = TimeSpan.FromMinutes(5), s => s.AddSingleton<TimeProvider>(time), stubToken: false);
        h.StubSequence(TokenPath, () => TokenJson("token-A"), () => TokenJson("token-B"));
        h.TrackIssuedToken("token-A");
        h.TrackIssuedToken("token-B");
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));
        await h.Client.CancelServiceOrderAsync(OrderRequest());

        time.Advance(TimeSpan.FromSeconds(3600 - 60 - 120));
        await h.Client.CancelServiceOrderAsync(OrderRequest());
        Assert.Equal("Bearer token-A", Header(h.Calls(OrderPath)[1], "Authorization")); // the caller did not wait
        await Eventually(() => h.TokenRequests == 2);

        // The background request lands in the cache shortly after the endpoint answered it.
        for (var i = 0; i < 100 && Header(h.Calls(OrderPath)[^1], "Authorization") != "Bearer token-B"; i++)
        {
            await h.Client.CancelServiceOrderAsync(OrderRequest());
        }

        Assert.Equal("Bearer token-B", Header(h.Calls(OrderPath)[^1], "Authorization"));
        Assert.Equal(2, h.TokenRequests);
    }

    [Fact]
    public async Task A_refused_token_request_fails_with_the_oauth_error_and_is_not_cached()
    {
        await using var h = Create(stubToken: false);
        h.StubSequence(TokenPath,
            () => Json(400, """{"error":"invalid_client","error_description":"Client authentication failed"}"""),
            () => TokenJson("token-B"));
        h.TrackIssuedToken("token-B");
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var ex = await Assert.ThrowsAsync<FibreCafeAuthenticationException>(() => h.Client.CancelServiceOrderAsync(
            OrderRequest(), new FibreCafeCallOptions { RequestId = "needs-token" }));

        Assert.True(ex.IsTokenRequestFailure);
        Assert.False(ex.IsTransient);
        Assert.Equal(400, ex.Status);
        Assert.Equal("invalid_client", ex.OAuthError);
        Assert.Equal("Client authentication failed", ex.OAuthErrorDescription);
        Assert.Equal("needs-token", ex.RequestId);
        Assert.Contains("invalid_client", ex.Message, StringComparison.Ordinal);
        h.AssertNoSecrets(ex.ToString());
        Assert.Equal(1, h.TokenRequests);
        Assert.Empty(h.Calls(OrderPath));

        await h.Client.CancelServiceOrderAsync(OrderRequest());
        Assert.Equal(2, h.TokenRequests);
    }

    [Fact]
    public async Task A_token_endpoint_5xx_is_transient_and_retried_then_fails_typed()
    {
        await using var h = Create(o => o.Resilience.MaxAttempts = 3, stubToken: false);
        h.Stub(TokenPath, () => Status(503));
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var ex = await Assert.ThrowsAsync<FibreCafeAuthenticationException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.Status);
        Assert.Equal(3, h.TokenRequests);
        Assert.Empty(h.Calls(OrderPath));
    }

    [Fact]
    public async Task All_waiters_of_a_failed_token_request_fail_each_with_its_own_request_id()
    {
        await using var h = Create(stubToken: false);
        h.Stub(TokenPath, () => Json(400, """{"error":"invalid_scope"}""").WithDelay(200));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => h.Client.TryCancelServiceOrderAsync(OrderRequest())));

        Assert.Equal(1, h.TokenRequests);
        Assert.All(results, r => Assert.Equal("invalid_scope", Assert.IsType<FibreCafeAuthenticationException>(r.Error).OAuthError));
        Assert.Equal(20, results.Select(r => r.Error!.RequestId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(r.Correlation.RequestId, r.Error!.RequestId));
    }

    [Fact]
    public async Task A_401_renews_the_token_and_resends_once()
    {
        await using var h = Create(stubToken: false);
        h.StubSequence(TokenPath, () => TokenJson("token-A"), () => TokenJson("token-B"));
        h.TrackIssuedToken("token-A");
        h.TrackIssuedToken("token-B");
        h.Gateway.Given(Request.Create().WithPath(OrderPath).WithHeader("Authorization", "Bearer token-A").UsingPost())
            .RespondWith(Error(401, "NOT_AUTHORISED"));
        h.Gateway.Given(Request.Create().WithPath(OrderPath).WithHeader("Authorization", "Bearer token-B").UsingPost())
            .RespondWith(Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Equal(2, h.TokenRequests);
        Assert.Equal(["Bearer token-A", "Bearer token-B"], h.Calls(OrderPath).Select(c => Header(c, "Authorization")));
        Assert.All(h.Calls(OrderPath), c => Assert.Equal(response.RequestId, Header(c, FibreCafeHeaders.RequestId)));
    }

    [Fact]
    public async Task A_second_401_surfaces_as_an_authentication_exception_after_exactly_two_gateway_calls()
    {
        await using var h = Create(stubToken: false);
        h.StubSequence(TokenPath, () => TokenJson("token-A"), () => TokenJson("token-B"));
        h.TrackIssuedToken("token-A");
        h.TrackIssuedToken("token-B");
        h.Stub(OrderPath, () => Error(401, "NOT_AUTHORISED", "Access token expired"));

        var ex = await Assert.ThrowsAsync<FibreCafeAuthenticationException>(() => h.Client.CancelServiceOrderAsync(OrderRequest()));

        Assert.False(ex.IsTokenRequestFailure);
        Assert.Equal(401, ex.Status);
        Assert.Equal(GatewayErrorCode.NotAuthorised, ex.Code);
        Assert.Equal(2, h.Calls(OrderPath).Count);
        Assert.Equal(2, h.TokenRequests);
        h.AssertNoSecrets(ex.ToString());
    }

    [Fact]
    public async Task A_401_renews_even_a_token_that_is_not_a_valid_header_token()
    {
        // A comma makes the header unparseable as a typed Authorization value; the refused token is still recognised.
        await using var h = Create(stubToken: false);
        h.StubSequence(TokenPath, () => TokenJson("odd,token-A"), () => TokenJson("token-B"));
        h.TrackIssuedToken("odd,token-A");
        h.TrackIssuedToken("token-B");
        h.StubSequence(OrderPath, () => Error(401, "NOT_AUTHORISED"), () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Equal(2, h.TokenRequests);
        Assert.Equal("Bearer token-B", Header(h.Calls(OrderPath)[^1], "Authorization"));
    }

    [Theory]
    [InlineData("http://gateway.example.com/v1", false)]
    [InlineData("https://gateway.example.com/v1", true)]
    [InlineData("http://127.0.0.1:8080/v1", true)]
    [InlineData("http://localhost:8080/v1", true)]
    public void Tokens_go_only_over_https_or_to_loopback(string uri, bool allowed)
    {
        Assert.Equal(allowed, Authentication.TransportSecurity.IsSecureOrLoopback(new Uri(uri)));
        if (!allowed)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Authentication.TransportSecurity.EnsureSecureOrLoopback(new Uri(uri), "an access token"));
            Assert.Contains("only https", ex.Message, StringComparison.Ordinal);
        }
    }

    private static WireMock.ResponseBuilders.IResponseBuilder TokenJson(string token) =>
        Json(200, $$"""{"access_token":"{{token}}","expires_in":3600,"token_type":"Bearer"}""");

    internal static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
