using FibreCafe.Client;
using FibreCafe.Testing.Internal;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace FibreCafe.Testing;

/// <summary>
/// An embedded Fibre Cafe gateway on 127.0.0.1 for offline runs and tests: the tenant token endpoint,
/// both cancellation endpoints with the gateway's validation and error shapes, the CVT environment's
/// <c>X-Scenario</c> and <c>X-Kci-Delay</c> headers, and delivery of the resulting KCIs to a receiver.
/// </summary>
/// <example>
/// <code>
/// await using var sandbox = FibreCafeSandbox.Start(o => o.KciReceiverUrl = new Uri("http://127.0.0.1:5080/kcis"));
/// services.AddFibreCafeClient(sandbox.ConfigureClient);
/// </code>
/// </example>
public sealed class FibreCafeSandbox : IAsyncDisposable, IDisposable
{
    /// <summary>The token path on the sandbox, as on the gateway: <c>/v1/auth/tenant/access-token</c>.</summary>
    public const string TokenPath = "/v1/auth/tenant/access-token";

    private readonly WireMockServer _server;
    private readonly SandboxTokens _tokens;
    private readonly SandboxKciDeliverer _deliverer;
    private readonly SandboxCancellations _cancellations;

    private FibreCafeSandbox(FibreCafeSandboxOptions options, TimeProvider timeProvider)
    {
        Options = options;
        _tokens = new SandboxTokens(options, timeProvider);
        _deliverer = new SandboxKciDeliverer(options, timeProvider);
        var cancellations = _cancellations = new SandboxCancellations(options, _tokens, Faults, _deliverer, timeProvider);
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{options.Port}"],
            MaxRequestLogCount = 1000,
        });
        Map(TokenPath, request => Faults.TokenEndpointDown ? SandboxResponses.Empty(503) : _tokens.Issue(request));
        Map("/v1/service-order-cancellations", cancellations.CancelOrder);
        Map("/v1/service-problem-cancellations", cancellations.CancelProblem);
        _server.Given(Request.Create().WithPath("/*")).AtPriority(int.MaxValue)
            .RespondWith(Response.Create().WithCallback(_ => SandboxResponses.Error(404, "NOT_FOUND", "No such operation on the sandbox.")));
        BaseAddress = new Uri(_server.Url + "/v1");
        TokenEndpoint = new Uri(_server.Url + TokenPath);
    }

    /// <summary>Gets the settings the sandbox runs with.</summary>
    public FibreCafeSandboxOptions Options { get; }

    /// <summary>Gets the Tenant API base address, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the token endpoint.</summary>
    public Uri TokenEndpoint { get; }

    /// <summary>Gets the faults to inject: token endpoint down, 503 bursts, latency.</summary>
    public SandboxFaults Faults { get; } = new();

    /// <summary>Gets how many token requests the sandbox answered (fault answers excluded).</summary>
    public int TokenRequests => _tokens.Requests;

    /// <summary>Gets how many cancellation requests (order and problem) reached the sandbox, injected failures included.</summary>
    public int CancellationRequests => _cancellations.Requests;

    /// <summary>Gets every KCI delivery attempt so far, in order.</summary>
    public IReadOnlyList<SandboxKciDelivery> KciDeliveries => _deliverer.Deliveries;

    /// <summary>Starts a sandbox.</summary>
    /// <param name="configure">Adjusts the defaults; optional.</param>
    /// <param name="timeProvider">The clock for token expiry and KCI delays; the system clock by default.</param>
    /// <returns>The running sandbox.</returns>
    public static FibreCafeSandbox Start(Action<FibreCafeSandboxOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new FibreCafeSandboxOptions();
        configure?.Invoke(options);
        return new FibreCafeSandbox(options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Points a client at this sandbox: base address, token endpoint and the sandbox's credentials.</summary>
    /// <param name="options">The client options to set; pass this method to <c>AddFibreCafeClient</c>.</param>
    public void ConfigureClient(FibreCafeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseAddress = BaseAddress;
        options.TokenEndpoint = TokenEndpoint;
        options.ClientId = Options.ClientId;
        options.ClientSecret = Options.ClientSecret;
    }

    /// <summary>Invalidates every issued token, so the next call with one gets a 401.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

    /// <summary>Completes when every KCI scheduled so far has been delivered or given up.</summary>
    /// <returns>A task that completes when the deliveries are done.</returns>
    public Task WhenKcisDeliveredAsync() => _deliverer.WhenIdleAsync();

    /// <inheritdoc />
    public void Dispose()
    {
        _deliverer.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Map(string path, Func<IRequestMessage, ResponseMessage> handle) =>
        _server.Given(Request.Create().WithPath(path).UsingPost()).AtPriority(1).RespondWith(Response.Create().WithCallback(async request =>
        {
            if (Faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(Faults.Latency).ConfigureAwait(false);
            }

            return (IResponseMessage)handle(request);
        }));
}
