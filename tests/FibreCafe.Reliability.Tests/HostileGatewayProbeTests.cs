using System.Text;
using FibreCafe.Client;
using FibreCafe.Client.Tests;
using FibreCafe.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// The class of probes that found issue 20's client defects, as a matrix: the gateway and the token endpoint each
/// answering with a body that never ends, a body far too large (chunked and with a <c>Content-Length</c>), every
/// redirect status, for success and error statuses alike. Every case must end within the call's own timeouts,
/// read no body beyond its limit, send nothing to where a redirect points, retry nothing it must not, and leave no
/// secret in a log line or the exception.
/// </summary>
[Collection(HostileProbeCollection.Name)]
public sealed class HostileGatewayProbeTests(ITestOutputHelper output)
{
    private const string OrderPath = "/v1/service-order-cancellations";
    private const string TokenPath = "/v1/auth/tenant/access-token";
    private const string ClientId = "probe-client";
    private const string ClientSecret = "probe-Client-Secret-91b3e0";
    private const string IssuedToken = "probe-access-token-6c2a";
    private const long Huge = 48L * 1024 * 1024;
    private const int SlowBytes = 200;

    public static TheoryData<string, string, int, string> Cases()
    {
        var cases = new TheoryData<string, string, int, string>();
        foreach (var (status, outcome) in new[] { (201, nameof(FibreCafeUnavailableException)), (400, nameof(FibreCafeInvalidRequestException)), (422, nameof(FibreCafeInvalidRequestException)), (500, nameof(FibreCafeUnavailableException)), (503, nameof(FibreCafeUnavailableException)) })
        {
            cases.Add("gateway", "slow body", status, outcome);
        }

        foreach (var fault in new[] { "huge chunked body", "huge declared body" })
        {
            cases.Add("gateway", fault, 201, nameof(FibreCafeResponseTooLargeException));
            cases.Add("gateway", fault, 400, nameof(FibreCafeInvalidRequestException));
            cases.Add("gateway", fault, 503, nameof(FibreCafeUnavailableException));
            cases.Add("token endpoint", fault, 200, nameof(FibreCafeAuthenticationException));
            cases.Add("token endpoint", fault, 400, nameof(FibreCafeAuthenticationException));
        }

        cases.Add("token endpoint", "slow body", 200, nameof(FibreCafeAuthenticationException));
        cases.Add("token endpoint", "slow body", 500, nameof(FibreCafeAuthenticationException));
        foreach (var status in new[] { 301, 302, 303, 307, 308 })
        {
            cases.Add("gateway", "redirect", status, nameof(FibreCafeRedirectException));
            cases.Add("token endpoint", "redirect", status, nameof(FibreCafeAuthenticationException));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_hostile_answer_ends_in_a_typed_failure_within_the_limits(string target, string fault, int status, string outcome)
    {
        using var elsewhere = new HostileServer((_, response) => response.CompleteAsync(200, TokenAnswer()));
        using var server = new HostileServer(async (request, response) =>
        {
            var hostile = target == "gateway" ? request.Path == OrderPath : request.Path == TokenPath;
            if (!hostile)
            {
                await response.CompleteAsync(200, TokenAnswer());
                return;
            }

            await AnswerAsync(response, fault, status, new Uri(elsewhere.Url, request.Path));
        });
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services.AddFibreCafeClient(o =>
        {
            o.BaseAddress = new Uri(server.Url, "/v1");
            o.ClientId = ClientId;
            o.ClientSecret = ClientSecret;
            // The secret in the form body is what a followed 307 would carry elsewhere.
            o.ClientCredentialStyle = FibreCafeClientCredentialStyle.PostBody;
            o.TokenRequestTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.MaxAttempts = 3;
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(8);
        });
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IFibreCafeClient>().TryCancelServiceOrderAsync(new ServiceOrderCancellationRequest
        {
            OrderId = 4711,
            ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        });

        var error = Assert.IsAssignableFrom<FibreCafeApiException>(result.Error);
        Assert.Equal(outcome, error.GetType().Name);
        Assert.Empty(elsewhere.Requests); // no redirect followed, no secret or cancellation carried elsewhere
        var hostileRequests = server.Requests.Count(r => r.Path == (target == "gateway" ? OrderPath : TokenPath));
        if (fault != "redirect")
        {
            // Whatever was retried, no answer's body was read to its end.
            await Eventually.HoldsAsync(() => server.AbortedByClient >= 1, "the client closed the connection of the hostile answer");
            var full = fault == "slow body" ? SlowBytes : Huge;
            Assert.True(server.BodyBytesSent < full * hostileRequests, $"{server.BodyBytesSent} body bytes sent for {hostileRequests} answer(s) of {full}.");
        }

        if (error is FibreCafeAuthenticationException auth)
        {
            Assert.True(auth.IsTokenRequestFailure);
            Assert.Equal(fault == "slow body" || (fault != "redirect" && status != 200 && status != 400), auth.IsTransient);
        }

        // Redirects and oversized successes are never retried; nothing reaches the gateway without a token.
        if (fault == "redirect" || (fault.StartsWith("huge", StringComparison.Ordinal) && status is 200 or 201))
        {
            Assert.Equal(1, hostileRequests);
        }

        if (target == "token endpoint")
        {
            Assert.DoesNotContain(server.Requests, r => r.Path == OrderPath);
        }

        var audit = new SecretAudit().Basic(ClientId, ClientSecret).Secret(IssuedToken);
        audit.AssertClean(logs, $"the client's logs ({target}, {fault}, {status})");
        audit.AssertClean([error.ToString()], $"the exception ({target}, {fault}, {status})");
        output.WriteLine($"{target}, {fault}, {status}: {error.GetType().Name} ({error.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"}), {hostileRequests} request(s), {server.BodyBytesSent} body bytes sent; {audit.LinesChecked} log lines audited.");
    }

    private static string TokenAnswer() => $$"""{"access_token":"{{IssuedToken}}","expires_in":3600,"token_type":"Bearer"}""";

    private static async Task AnswerAsync(HostileResponse response, string fault, int status, Uri elsewhere)
    {
        switch (fault)
        {
            case "slow body":
                await response.HeadAsync(status, "Content-Type: application/json", $"Content-Length: {SlowBytes}");
                await response.TrickleAsync(SlowBytes, TimeSpan.FromMilliseconds(100));
                break;
            case "huge chunked body":
                await response.HeadAsync(status, "Content-Type: application/json", "Transfer-Encoding: chunked");
                await response.ChunkedAsync(Huge, (byte)' ');
                break;
            case "huge declared body":
                await response.HeadAsync(status, "Content-Type: text/plain", $"Content-Length: {Huge}");
                var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                for (long sent = 0; sent < Huge; sent += block.Length)
                {
                    await response.BodyAsync(block);
                }

                break;
            case "redirect":
                await response.CompleteAsync(status, string.Empty, "text/plain", $"Location: {elsewhere}");
                break;
        }
    }
}

/// <summary>The probes move tens of MiB over loopback per case: run them apart from the timing-sensitive suites.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileProbeCollection
{
    public const string Name = "Hostile probes";
}
