using System.Net;
using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.Client.Tests;

/// <summary>
/// A WireMock gateway (token endpoint and both cancellation endpoints) and a service provider with the
/// client pointed at it. Every log line (Trace and up) is captured, and on dispose the harness asserts
/// that no secret or issued token appears in any of them: each test is also a secret audit.
/// </summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public const string ClientId = "tenant-client-7";
    public const string ClientSecret = "Sup3r-S3cret-Client-Secret-0f9e8d";
    public const string OrderPath = "/v1/service-order-cancellations";
    public const string ProblemPath = "/v1/service-problem-cancellations";
    public const string TokenPath = "/v1/auth/tenant/access-token";
    public const string OrderCreatedJson =
        """{"id":234,"supplierReference":"A123X-1","status":"RECEIVED_BY_GATEWAY","supplier":"DUMMY_SUPPLIER","orderId":123,"reasonCode":"CUSTOMER_CHANGED_MIND","text":"Delivery too long"}""";
    public const string ProblemCreatedJson =
        """{"id":77,"status":"RECEIVED_BY_GATEWAY","serviceProblemId":123,"reasonCode":"ISSUE_RESOLVED"}""";

    private readonly List<string> _issuedTokens = [];

    private ClientHarness(WireMockServer gateway, ServiceProvider services, FakeLogCollector logs)
    {
        Gateway = gateway;
        Services = services;
        Logs = logs;
    }

    public WireMockServer Gateway { get; }

    public ServiceProvider Services { get; }

    public FakeLogCollector Logs { get; }

    public IHttpClientBuilder? Builder { get; private set; }

    public IFibreCafeClient Client => Services.GetRequiredService<IFibreCafeClient>();

    public IFibreCafeTenantApi Api => Services.GetRequiredService<IFibreCafeTenantApi>();

    public Uri BaseAddress => new(Gateway.Url + "/v1");

    public static ClientHarness Create(
        Action<FibreCafeClientOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<IHttpClientBuilder>? builder = null,
        bool stubToken = true)
    {
        var gateway = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        var collection = new ServiceCollection();
        var logs = new FakeLogCollector();
        collection.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        services?.Invoke(collection);
        var baseAddress = new Uri(gateway.Url + "/v1");
        var clientBuilder = collection.AddFibreCafeClient(o =>
        {
            o.BaseAddress = baseAddress;
            o.ClientId = ClientId;
            o.ClientSecret = ClientSecret;
            o.Scope = "com.fibregateway.TEST/tenant.all.all";
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Resilience.MaxDelay = TimeSpan.FromMilliseconds(5);
            configure?.Invoke(o);
        });
        builder?.Invoke(clientBuilder);
        var harness = new ClientHarness(gateway, collection.BuildServiceProvider(), logs) { Builder = clientBuilder };
        if (stubToken)
        {
            harness.StubToken("token-A");
        }

        return harness;
    }

    public void StubToken(string accessToken, int expiresIn = 3600)
    {
        _issuedTokens.Add(accessToken);
        Gateway.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{accessToken}}","expires_in":{{expiresIn}},"token_type":"Bearer"}"""));
    }

    /// <summary>Answers the calls to <paramref name="path"/> with <paramref name="responses"/> in turn; the last one repeats.</summary>
    public void StubSequence(string path, params Func<IResponseBuilder>[] responses)
    {
        var scenario = Guid.NewGuid().ToString("N");
        for (var i = 0; i < responses.Length; i++)
        {
            var given = Gateway.Given(Request.Create().WithPath(path).UsingPost()).InScenario(scenario);
            given = i == 0 ? given : given.WhenStateIs(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (i < responses.Length - 1)
            {
                given = given.WillSetStateTo(i + 1);
            }

            given.RespondWith(responses[i]());
        }
    }

    public void Stub(string path, Func<IResponseBuilder> response) =>
        Gateway.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response());

    public void TrackIssuedToken(string token) => _issuedTokens.Add(token);

    public static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    public static IResponseBuilder Status(int status) => Response.Create().WithStatusCode(status);

    public static IResponseBuilder Error(int status, string code, string message = "Something is wrong") =>
        Json(status, $$"""{"uuid":"87432dfb-2e47-4532-a1b7-4b113d48867d","code":"{{code}}","messages":["{{message}}"]}""");

    public IReadOnlyList<ILogEntry> Calls(string path) =>
        Gateway.LogEntries.Where(e => e.RequestMessage!.Path == path).ToList();

    public int TokenRequests => Calls(TokenPath).Count;

    public static ServiceOrderCancellationRequest OrderRequest(long orderId = 123) => new()
    {
        Supplier = "DUMMY_SUPPLIER",
        OrderId = orderId,
        ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        Text = "Delivery too long",
    };

    public static string Header(ILogEntry call, string name) => call.RequestMessage!.Headers![name].Single();

    /// <summary>Fails when a secret or an issued token shows in the text.</summary>
    public void AssertNoSecrets(string? text, string where = "text")
    {
        if (text is null)
        {
            return;
        }

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}"));
        foreach (var secret in _issuedTokens.Append(ClientSecret).Append(basic))
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret shows in {where}: {text}");
        }
    }

    /// <summary>Everything of a log record a secret could hide in: message, exception, scopes and structured state.</summary>
    public static IEnumerable<string?> TextsOf(FakeLogRecord record) =>
        new[] { record.Message, record.Exception?.ToString() }
            .Concat(record.Scopes.Select(s => s?.ToString()))
            .Concat((record.StructuredState ?? []).Select(p => p.Value));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var record in Logs.GetSnapshot())
            {
                foreach (var text in TextsOf(record))
                {
                    AssertNoSecrets(text, $"a log line of {record.Category}");
                }
            }
        }
        finally
        {
            await Services.DisposeAsync();
            Gateway.Stop();
            Gateway.Dispose();
        }
    }
}
