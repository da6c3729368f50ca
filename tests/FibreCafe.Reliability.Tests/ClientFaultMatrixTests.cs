using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using FibreCafe.Client;
using FibreCafe.Client.Tests;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// The client end to end against the sandbox gateway (and WireMock or a raw socket where the sandbox has no
/// such fault): each fault of the token endpoint and of the gateway, with the outcome and the number of
/// attempts the README's retry policy documents, for <c>MaxAttempts = 3</c>. Counted three ways: the
/// resilience pipeline's attempts (<c>fibrecafe.client.attempts</c>; a 401 renewal resends within its
/// attempt), the requests that reached the gateway, and the token requests (<c>fibrecafe.client.token_requests</c>).
/// </summary>
public sealed class ClientFaultMatrixTests(ITestOutputHelper output)
{
    private const string ClientSecret = "fault-matrix-Client-Secret-7c1e";
    private const string WireMockToken = "wiremock-access-token-5b2f9d";

    // outcome: success or the exception; flag: transient/permanent (token failures), ambiguous/safe (MayHaveBeenProcessed);
    // then pipeline attempts, requests at the gateway, token requests.
    [Theory]
    [InlineData("token endpoint 400", "FibreCafeAuthenticationException", 400, "permanent", 1, 0, 1)]
    [InlineData("token endpoint 500", "FibreCafeAuthenticationException", 500, "transient", 3, 0, 3)]
    [InlineData("token endpoint slow, within the token timeout", "success", 201, "", 1, 1, 1)]
    [InlineData("token endpoint slower than the token timeout", "FibreCafeAuthenticationException", 0, "transient", 3, 0, 3)]
    [InlineData("token endpoint slower than the attempt timeout", "FibreCafeAuthenticationException", 0, "transient", 3, 0, 3)]
    [InlineData("token endpoint down (503)", "FibreCafeAuthenticationException", 503, "transient", 3, 0, 3)]
    [InlineData("token endpoint unreachable", "FibreCafeAuthenticationException", 0, "transient", 3, 0, 3)]
    [InlineData("gateway 401 once", "success", 201, "", 1, 2, 2)]
    [InlineData("gateway 401 always", "FibreCafeAuthenticationException", 401, "", 1, 2, 2)]
    [InlineData("gateway 408", "FibreCafeUnavailableException", 408, "safe", 3, 3, 1)]
    [InlineData("gateway 429", "FibreCafeUnavailableException", 429, "safe", 3, 3, 1)]
    [InlineData("gateway 500", "FibreCafeUnavailableException", 500, "ambiguous", 1, 1, 1)]
    [InlineData("gateway 502", "FibreCafeUnavailableException", 502, "safe", 3, 3, 1)]
    [InlineData("gateway 503", "FibreCafeUnavailableException", 503, "safe", 3, 3, 1)]
    [InlineData("gateway 504", "FibreCafeUnavailableException", 504, "safe", 3, 3, 1)]
    [InlineData("gateway 503 burst of 2", "success", 201, "", 3, 3, 1)]
    [InlineData("gateway connection reset", "FibreCafeUnavailableException", 0, "ambiguous", 1, 1, 1)]
    [InlineData("gateway slow response", "FibreCafeUnavailableException", 0, "ambiguous", 1, 1, 0)] // token cached by a first call
    public async Task Each_fault_ends_in_the_documented_outcome_after_the_documented_number_of_attempts(
        string fault, string outcome, int status, string flag, int attempts, int gatewayRequests, int tokenRequests)
    {
        await using var environment = new FaultEnvironment(fault);
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddFibreCafeClient(o =>
        {
            environment.Sandbox.ConfigureClient(o);
            o.ClientSecret = ClientSecret;
            o.Resilience.MaxAttempts = 3;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            environment.Configure(o);
        });
        await using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        var client = provider.GetRequiredService<IFibreCafeClient>();
        await environment.WarmUpAsync(client);
        using var attempted = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.attempts");
        using var tokens = new MetricCollector<long>(meters, FibreCafeDiagnostics.SourceName, "fibrecafe.client.token_requests");
        environment.Arm();

        var result = await client.TryCancelServiceOrderAsync(new ServiceOrderCancellationRequest
        {
            OrderId = 4711,
            ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        });

        if (outcome == "success")
        {
            Assert.True(result.IsSuccess, result.Error?.ToString());
            Assert.Equal(status, result.Response!.Status);
        }
        else
        {
            var error = Assert.IsAssignableFrom<FibreCafeApiException>(result.Error);
            Assert.Equal(outcome, error.GetType().Name);
            Assert.Equal(status == 0 ? null : status, error.Status);
            switch (flag)
            {
                case "transient" or "permanent":
                    var auth = Assert.IsType<FibreCafeAuthenticationException>(error);
                    Assert.True(auth.IsTokenRequestFailure);
                    Assert.Equal(flag == "transient", auth.IsTransient);
                    break;
                case "ambiguous" or "safe":
                    Assert.Equal(flag == "ambiguous", Assert.IsType<FibreCafeUnavailableException>(error).MayHaveBeenProcessed);
                    break;
            }
        }

        Assert.Equal(attempts, attempted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(tokenRequests, tokens.GetMeasurementSnapshot().EvaluateAsCounter());
        await Eventually.HoldsAsync(() => environment.GatewayRequests >= gatewayRequests, $"{gatewayRequests} request(s) at the gateway");
        Assert.Equal(gatewayRequests, environment.GatewayRequests);

        var audit = new SecretAudit()
            .Basic(environment.Sandbox.Options.ClientId, ClientSecret)
            .Secret(WireMockToken)
            .Pattern("sbx_[0-9a-f]{48}");
        audit.AssertClean(logs, $"the client's logs ({fault})");
        audit.AssertClean([result.Error?.ToString()], $"the exception ({fault})");
        output.WriteLine($"{fault}: {(result.IsSuccess ? "success" : result.Error!.GetType().Name)}, {attempts} attempt(s), {gatewayRequests} at the gateway, {tokenRequests} token request(s); {audit.LinesChecked} log lines audited.");
    }

    /// <summary>The gateway of one case: the sandbox, with WireMock or a resetting socket server where needed.</summary>
    private sealed class FaultEnvironment : IAsyncDisposable
    {
        private readonly string _fault;
        private readonly WireMockServer? _wireMock;
        private readonly DroppingServer? _dropping;
        private int _sandboxRequestsBefore;

        public FaultEnvironment(string fault)
        {
            _fault = fault;
            Sandbox = FibreCafeSandbox.Start(o => o.ClientSecret = fault == "token endpoint 400" ? "the-gateway-expects-another-secret" : ClientSecret);
            if (fault.StartsWith("token endpoint 500", StringComparison.Ordinal) || fault.StartsWith("token endpoint slow", StringComparison.Ordinal))
            {
                _wireMock = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
                var token = fault == "token endpoint 500"
                    ? Response.Create().WithStatusCode(500)
                    : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                        .WithBody($$"""{"access_token":"{{WireMockToken}}","expires_in":3600,"token_type":"Bearer"}""")
                        .WithDelay(fault.Contains("within", StringComparison.Ordinal) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3));
                _wireMock.Given(Request.Create().WithPath(FibreCafeSandbox.TokenPath).UsingPost()).RespondWith(token);
                _wireMock.Given(Request.Create().WithPath("/v1/service-order-cancellations").UsingPost()).RespondWith(
                    Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                        .WithBody("""{"id":1000,"status":"RECEIVED_BY_GATEWAY","orderId":4711,"reasonCode":"CUSTOMER_CHANGED_MIND"}"""));
            }

            if (fault == "gateway connection reset")
            {
                _dropping = new DroppingServer();
            }
        }

        public FibreCafeSandbox Sandbox { get; }

        public int GatewayRequests =>
            _dropping?.Requests
            ?? _wireMock?.LogEntries.Count(e => e.RequestMessage!.Path == "/v1/service-order-cancellations")
            ?? Sandbox.CancellationRequests - _sandboxRequestsBefore;

        public void Configure(FibreCafeClientOptions options)
        {
            if (_wireMock is not null)
            {
                options.BaseAddress = new Uri(_wireMock.Url + "/v1");
                options.TokenEndpoint = new Uri(_wireMock.Url + FibreCafeSandbox.TokenPath);
            }

            if (_dropping is not null)
            {
                options.BaseAddress = _dropping.BaseAddress;
            }

            switch (_fault)
            {
                case "token endpoint slow, within the token timeout":
                    options.TokenRequestTimeout = TimeSpan.FromSeconds(20);
                    break;
                case "token endpoint slower than the token timeout":
                    options.TokenRequestTimeout = TimeSpan.FromMilliseconds(500);
                    break;
                case "token endpoint slower than the attempt timeout":
                    // As with the defaults (30 s and 10 s): the token wait is not part of an attempt, nothing was sent.
                    options.TokenRequestTimeout = TimeSpan.FromMilliseconds(800);
                    options.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(300);
                    break;
                case "token endpoint unreachable":
                    options.TokenEndpoint = new Uri($"http://127.0.0.1:{FibreCafe.Tests.Processes.SampleProcess.FreePort()}{FibreCafeSandbox.TokenPath}");
                    break;
                case "gateway slow response":
                    options.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
                    break;
            }
        }

        /// <summary>For the slow gateway, a first call fetches the token before the gateway turns slow.</summary>
        public async Task WarmUpAsync(IFibreCafeClient client)
        {
            if (_fault == "gateway slow response")
            {
                await client.CancelServiceOrderAsync(new ServiceOrderCancellationRequest { OrderId = 1, ReasonCode = OrderCancellationReasonCode.CustomerChangedMind });
            }
        }

        public void Arm()
        {
            _sandboxRequestsBefore = Sandbox.CancellationRequests;
            switch (_fault)
            {
                case "token endpoint down (503)":
                    Sandbox.Faults.TokenEndpointDown = true;
                    break;
                case "gateway 401 once":
                    Sandbox.Faults.FailNextCancellations(1, 401);
                    break;
                case "gateway 401 always":
                    Sandbox.Faults.FailNextCancellations(100, 401);
                    break;
                case "gateway 503 burst of 2":
                    Sandbox.Faults.FailNextCancellations(2, 503);
                    break;
                case "gateway slow response":
                    Sandbox.Faults.Latency = TimeSpan.FromSeconds(2);
                    break;
                case var f when f.StartsWith("gateway 5", StringComparison.Ordinal) || f.StartsWith("gateway 4", StringComparison.Ordinal):
                    Sandbox.Faults.FailNextCancellations(100, int.Parse(f["gateway ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Sandbox.DisposeAsync();
            _wireMock?.Stop();
            _wireMock?.Dispose();
            _dropping?.Dispose();
        }
    }
}
