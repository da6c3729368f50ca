using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Client.Tests;

/// <summary>
/// The client against a gateway and token endpoint that misbehave on the wire (issue 20): answers that never end,
/// bodies far too large, redirects, odd token lifetimes and a token endpoint that hangs. Each test fails on a client
/// that trusts the wire: one that waits for an answer without end, reads a body without a limit or follows a redirect.
/// </summary>
[Collection(HostileGatewayCollection.Name)]
public sealed class HostileGatewayTests
{
    private const string OrderPath = "/v1/service-order-cancellations";
    private const string TokenPath = "/v1/auth/tenant/access-token";
    private const string Secret = "hostile-Client-Secret-4d8a2f";
    private const string Created = """{"id":234,"status":"RECEIVED_BY_GATEWAY","orderId":123,"reasonCode":"CUSTOMER_CHANGED_MIND"}""";
    private const long Huge = 64L * 1024 * 1024;

    // A body that would take 30 s to arrive: every case ends long before, on a timeout.
    [Theory]
    [InlineData(201, "FibreCafeUnavailableException")]
    [InlineData(400, "FibreCafeInvalidRequestException")]
    [InlineData(500, "FibreCafeUnavailableException")]
    public async Task A_gateway_answer_whose_body_never_ends_is_cut_by_the_attempt_timeout(int status, string expected)
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-slow"));
                return;
            }

            await response.HeadAsync(status, "Content-Type: application/json", "Content-Length: 300");
            await response.TrickleAsync(300, TimeSpan.FromMilliseconds(100));
        });
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.Resilience.MaxAttempts = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(4);
            o.TokenRequestTimeout = TimeSpan.FromSeconds(2);
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsAssignableFrom<FibreCafeApiException>(result.Error);
        Assert.Equal(expected, error.GetType().Name);
        // An error answer keeps its status, its body what arrived before the timeout; a 201 keeps it too, and says
        // the gateway acted though its answer is unknown.
        Assert.Equal(status, error.Status);
        if (status == 201)
        {
            Assert.True(Assert.IsType<FibreCafeUnavailableException>(error).MayHaveBeenProcessed);
            Assert.Contains("did not arrive (timeout)", error.Message, StringComparison.Ordinal);
        }

        await TokenTests.Eventually(() => gateway.AbortedByClient == 1);
        Assert.True(gateway.BodyBytesSent < 300, $"{gateway.BodyBytesSent} body bytes were sent: the client kept reading.");
    }

    [Fact]
    public async Task A_201_whose_body_never_ends_is_not_sent_again_even_when_ambiguous_failures_are_retried()
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-retry"));
                return;
            }

            await response.HeadAsync(201, "Content-Type: application/json", "Content-Length: 300");
            await response.TrickleAsync(300, TimeSpan.FromMilliseconds(100));
        });
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = true;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
            o.TokenRequestTimeout = TimeSpan.FromSeconds(2);
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        // The gateway created the cancellation when it answered 201: another POST would create a second one.
        var error = Assert.IsType<FibreCafeUnavailableException>(result.Error);
        Assert.True(error.MayHaveBeenProcessed);
        Assert.Equal(201, error.Status);
        Assert.Single(gateway.Requests, r => r.Path == OrderPath);
    }

    [Fact]
    public async Task A_total_timeout_in_a_later_attempts_token_wait_still_says_an_earlier_attempt_may_have_been_processed()
    {
        var tokenRequests = 0;
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                if (Interlocked.Increment(ref tokenRequests) > 1)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30)); // the second attempt's token never comes
                    return;
                }

                // Not cached: every attempt asks for a token of its own.
                await response.CompleteAsync(200, TokenJson("token-once", expiresIn: 0));
                return;
            }

            await response.CompleteAsync(500, """{"uuid":"u-1","code":"GATEWAY_FAULT","messages":["Boom."]}""");
        });
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.Resilience.MaxAttempts = 3;
            o.Resilience.RetryAmbiguousFailures = true;
            o.TokenRequestTimeout = TimeSpan.FromMilliseconds(900);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(1000);
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        // Attempt 1 reached the gateway (a 500): whatever ends the call later, the caller must look before resending.
        var error = Assert.IsType<FibreCafeUnavailableException>(result.Error);
        Assert.True(error.MayHaveBeenProcessed);
        Assert.Single(gateway.Requests, r => r.Path == OrderPath);
    }

    [Fact]
    public async Task A_token_answer_whose_body_never_ends_is_a_transient_token_failure_within_the_token_timeout()
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            await response.HeadAsync(200, "Content-Type: application/json", "Content-Length: 300");
            await response.TrickleAsync(300, TimeSpan.FromMilliseconds(100), (byte)'{');
        });
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.Resilience.MaxAttempts = 1;
            o.TokenRequestTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeAuthenticationException>(result.Error);
        Assert.True(error.IsTokenRequestFailure);
        Assert.True(error.IsTransient);
        Assert.Equal("timeout", error.OAuthError);
        await TokenTests.Eventually(() => gateway.AbortedByClient == 1);
        Assert.DoesNotContain(gateway.Requests, r => r.Path == OrderPath);
    }

    [Theory]
    [InlineData(201, "application/json", true, "FibreCafeResponseTooLargeException")]
    [InlineData(201, "application/json", false, "FibreCafeResponseTooLargeException")]
    [InlineData(400, "application/json", true, "FibreCafeInvalidRequestException")]
    [InlineData(400, "text/plain", true, "FibreCafeInvalidRequestException")]
    [InlineData(400, "text/plain", false, "FibreCafeInvalidRequestException")]
    [InlineData(500, "text/html", true, "FibreCafeUnavailableException")]
    public async Task A_huge_gateway_body_is_never_read_beyond_its_limit(int status, string contentType, bool chunked, string expected)
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-huge"));
                return;
            }

            await HugeAsync(response, status, contentType, chunked);
        });
        await using var client = HostileClient.Create(gateway.Url, o => o.Resilience.MaxAttempts = 1);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var error = Assert.IsAssignableFrom<FibreCafeApiException>(result.Error);
        Assert.Equal(expected, error.GetType().Name);
        Assert.Equal(status, error.Status);
        if (error is FibreCafeResponseTooLargeException tooLarge)
        {
            Assert.Equal(FibreCafeClientOptions.DefaultMaxResponseBodyBytes, tooLarge.MaxBytes);
            Assert.Contains("FibreCafe:MaxResponseBodyBytes", tooLarge.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.InRange(error.ResponseBody!.Length, 1, FibreCafeApiException.MaxResponseBodyLength + 1);
        }

        // Before the limits, one such answer cost 164 to 915 MiB; the loopback connection's buffers hold a few MiB.
        Assert.True(allocated < 24L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated for one call.");
        await TokenTests.Eventually(() => gateway.AbortedByClient >= 1);
        Assert.True(gateway.BodyBytesSent < Huge / 2, $"{gateway.BodyBytesSent} of {Huge} body bytes were sent: the client kept reading.");
    }

    [Fact]
    public async Task A_huge_token_answer_fails_the_token_request_without_a_retry()
    {
        using var gateway = new HostileServer((request, response) => HugeAsync(response, 200, "application/json", chunked: true));
        await using var client = HostileClient.Create(gateway.Url, o => o.Resilience.MaxAttempts = 3);

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeAuthenticationException>(result.Error);
        Assert.Equal("response_too_large", error.OAuthError);
        Assert.False(error.IsTransient);
        Assert.Equal(200, error.Status);
        Assert.Single(gateway.Requests);
        await TokenTests.Eventually(() => gateway.AbortedByClient == 1);
        Assert.True(gateway.BodyBytesSent < Huge / 2, $"{gateway.BodyBytesSent} of {Huge} body bytes were sent.");
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_gateway_redirect_is_a_typed_failure_never_followed_nor_retried(int status)
    {
        using var elsewhere = new HostileServer((_, response) => response.CompleteAsync(201, Created));
        var target = new Uri(elsewhere.Url, "/v1/steal?key=1");
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-redirect"));
                return;
            }

            await response.CompleteAsync(status, string.Empty, "text/plain", $"Location: {target}");
        });
        await using var client = HostileClient.Create(gateway.Url, o => o.Resilience.MaxAttempts = 3);

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeRedirectException>(result.Error);
        Assert.Equal(status, error.Status);
        Assert.Equal(target, error.Location);
        Assert.Contains(elsewhere.Url.Authority, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key=1", error.Message, StringComparison.Ordinal);
        Assert.Single(gateway.Requests, r => r.Path == OrderPath);
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData(FibreCafeClientCredentialStyle.PostBody, 307)]
    [InlineData(FibreCafeClientCredentialStyle.PostBody, 308)]
    [InlineData(FibreCafeClientCredentialStyle.PostBody, 302)]
    [InlineData(FibreCafeClientCredentialStyle.BasicAuthentication, 307)]
    public async Task A_token_endpoint_redirect_never_takes_the_client_secret_elsewhere(FibreCafeClientCredentialStyle style, int status)
    {
        using var elsewhere = new HostileServer((_, response) => response.CompleteAsync(200, TokenJson("stolen")));
        var target = new Uri(elsewhere.Url, TokenPath);
        using var gateway = new HostileServer((request, response) =>
            response.CompleteAsync(status, string.Empty, "text/plain", $"Location: {target}"));
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.ClientCredentialStyle = style;
            o.Resilience.MaxAttempts = 3;
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeAuthenticationException>(result.Error);
        Assert.Equal(status, error.Status);
        Assert.Equal("redirect_refused", error.OAuthError);
        Assert.False(error.IsTransient);
        Assert.Contains(elsewhere.Url.Authority, error.Message, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Single(gateway.Requests);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_primary_handler_that_follows_a_redirect_makes_the_call_fail_not_succeed()
    {
        // The other host answers the GET that a 302 makes of the POST with a 201, which must not pass for a created cancellation.
        using var elsewhere = new HostileServer((_, response) => response.CompleteAsync(201, Created));
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-followed"));
                return;
            }

            await response.CompleteAsync(302, string.Empty, "text/plain", $"Location: {new Uri(elsewhere.Url, OrderPath)}");
        });
        await using var client = HostileClient.Create(
            gateway.Url, o => o.Resilience.MaxAttempts = 1, b => b.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler()));

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeRedirectException>(result.Error);
        Assert.Null(error.Status);
        Assert.Equal(new Uri(elsewhere.Url, OrderPath), error.Location);
        Assert.Contains("AllowAutoRedirect", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-5", 2)]
    [InlineData("0", 2)]
    [InlineData("\"soon\"", 2)]
    [InlineData("3600", 1)]
    [InlineData("\"3600\"", 1)]
    [InlineData(null, 1)]
    public async Task A_token_is_cached_only_when_its_lifetime_is_positive(string? expiresIn, int tokenRequests)
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                var lifetime = expiresIn is null ? string.Empty : $",\"expires_in\":{expiresIn}";
                await response.CompleteAsync(200, $$"""{"access_token":"token-lifetime","token_type":"Bearer"{{lifetime}}}""");
                return;
            }

            await response.CompleteAsync(201, Created);
        });
        await using var client = HostileClient.Create(gateway.Url, o => o.TokenRefreshAhead = TimeSpan.Zero);

        await client.Client.CancelServiceOrderAsync(Order());
        await client.Client.CancelServiceOrderAsync(Order());

        Assert.Equal(tokenRequests, gateway.Requests.Count(r => r.Path == TokenPath));
        Assert.Equal(2, gateway.Requests.Count(r => r.Path == OrderPath));
    }

    [Fact]
    public async Task A_token_lifetime_of_years_is_cut_to_the_maximum_cache_lifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture));
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await response.CompleteAsync(200, TokenJson("token-years", expiresIn: 10L * 365 * 24 * 3600));
                return;
            }

            await response.CompleteAsync(201, Created);
        });
        await using var client = HostileClient.Create(
            gateway.Url,
            o =>
            {
                o.MaxTokenLifetime = TimeSpan.FromMinutes(5);
                o.TokenRefreshAhead = TimeSpan.Zero;
            },
            services: s => s.AddSingleton<TimeProvider>(time));

        await client.Client.CancelServiceOrderAsync(Order());
        time.Advance(TimeSpan.FromMinutes(3)); // within 5 min less the 1 min expiry margin
        await client.Client.CancelServiceOrderAsync(Order());
        Assert.Equal(1, gateway.Requests.Count(r => r.Path == TokenPath));

        time.Advance(TimeSpan.FromMinutes(2)); // past it
        await client.Client.CancelServiceOrderAsync(Order());
        Assert.Equal(2, gateway.Requests.Count(r => r.Path == TokenPath));
        Assert.Contains(client.Logs.GetSnapshot(), r => r.Message.Contains("FibreCafe:MaxTokenLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hanging_token_endpoint_is_a_transient_token_failure_retried_not_an_ambiguous_attempt()
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            if (request.Path == TokenPath)
            {
                await Task.Delay(TimeSpan.FromSeconds(30)); // never answers in time
                return;
            }

            await response.CompleteAsync(201, Created);
        });
        // The token timeout is longer than the attempt timeout, as with the defaults (30 s and 10 s).
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.TokenRequestTimeout = TimeSpan.FromMilliseconds(800);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
            o.Resilience.MaxAttempts = 2;
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        var error = Assert.IsType<FibreCafeAuthenticationException>(result.Error);
        Assert.True(error.IsTransient);
        Assert.Equal("timeout", error.OAuthError);
        Assert.Equal(2, gateway.Requests.Count(r => r.Path == TokenPath));
        Assert.DoesNotContain(gateway.Requests, r => r.Path == OrderPath);
    }

    [Fact]
    public async Task The_total_timeout_ending_during_a_token_wait_is_a_transient_token_failure()
    {
        using var gateway = new HostileServer(async (request, response) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
        });
        await using var client = HostileClient.Create(gateway.Url, o =>
        {
            o.TokenRequestTimeout = TimeSpan.FromMilliseconds(700);
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(1000);
            o.Resilience.MaxAttempts = 3;
        });

        var result = await client.Client.TryCancelServiceOrderAsync(Order());

        // The first token request times out (700 ms) and is retried; the call's 1 s ends during the second.
        var error = Assert.IsType<FibreCafeAuthenticationException>(result.Error);
        Assert.True(error.IsTransient);
        Assert.Contains("total timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(result.Correlation.RequestId, error.RequestId);
        Assert.DoesNotContain(gateway.Requests, r => r.Path == OrderPath);
    }

    private static ServiceOrderCancellationRequest Order() => new()
    {
        OrderId = 123,
        ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
    };

    private static string TokenJson(string token, long expiresIn = 3600) =>
        $$"""{"access_token":"{{token}}","expires_in":{{expiresIn}},"token_type":"Bearer"}""";

    private static async Task HugeAsync(HostileResponse response, int status, string contentType, bool chunked)
    {
        if (chunked)
        {
            await response.HeadAsync(status, $"Content-Type: {contentType}", "Transfer-Encoding: chunked");
            await response.ChunkedAsync(Huge, (byte)'x');
            return;
        }

        await response.HeadAsync(status, $"Content-Type: {contentType}", $"Content-Length: {Huge}");
        var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        for (long sent = 0; sent < Huge; sent += block.Length)
        {
            await response.BodyAsync(block);
        }
    }

    /// <summary>The client pointed at a hostile server, its logs captured and audited for the secret on dispose.</summary>
    private sealed class HostileClient : IAsyncDisposable
    {
        private HostileClient(ServiceProvider services, FakeLogCollector logs)
        {
            Services = services;
            Logs = logs;
        }

        public ServiceProvider Services { get; }

        public FakeLogCollector Logs { get; }

        public IFibreCafeClient Client => Services.GetRequiredService<IFibreCafeClient>();

        public static HostileClient Create(
            Uri server, Action<FibreCafeClientOptions> configure, Action<IHttpClientBuilder>? builder = null, Action<IServiceCollection>? services = null)
        {
            var collection = new ServiceCollection();
            var logs = new FakeLogCollector();
            collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
            services?.Invoke(collection);
            var clientBuilder = collection.AddFibreCafeClient(o =>
            {
                o.BaseAddress = new Uri(server, "/v1");
                o.ClientId = "hostile-client";
                o.ClientSecret = Secret;
                o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
                o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
                configure(o);
            });
            builder?.Invoke(clientBuilder);
            return new HostileClient(collection.BuildServiceProvider(), logs);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            foreach (var record in Logs.GetSnapshot())
            {
                Assert.DoesNotContain(Secret, record.Message + record.Exception, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>The hostile gateway tests measure what one call allocates, so nothing else runs beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileGatewayCollection
{
    public const string Name = "Hostile gateway";
}
