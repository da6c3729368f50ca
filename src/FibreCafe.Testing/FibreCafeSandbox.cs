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
/// await using var sandbox = FibreCafeSandbox.Start();
/// builder.Configuration.AddInMemoryCollection(sandbox.ClientConfiguration());
/// // ... build and start the app, then, once it knows its port:
/// sandbox.DeliverKcisTo(new Uri(app.Urls.First() + "/kcis"));
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
        options.MarkStarted();
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

    /// <summary>
    /// The client settings of this sandbox as configuration keys, for <c>configuration.AddInMemoryCollection(...)</c>
    /// and <c>AddFibreCafeClient(configuration.GetSection(sectionName))</c>: <c>BaseAddress</c>, <c>TokenEndpoint</c>,
    /// <c>ClientId</c> and <c>ClientSecret</c> under <paramref name="sectionName"/>.
    /// </summary>
    /// <param name="sectionName">The section the client binds, e.g. <c>FibreCafe</c> or <c>Services:FibreCafe</c>; empty for keys at the root.</param>
    /// <returns>A new dictionary with the four keys; the credentials are those of <see cref="Options"/> now.</returns>
    /// <remarks>The dictionary holds the sandbox's client secret: do not log it.</remarks>
    public IReadOnlyDictionary<string, string?> ClientConfiguration(string sectionName = "FibreCafe")
    {
        ArgumentNullException.ThrowIfNull(sectionName);
        var prefix = sectionName.Length == 0 ? string.Empty : sectionName.TrimEnd(':') + ":";
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + nameof(FibreCafeClientOptions.BaseAddress)] = BaseAddress.AbsoluteUri,
            [prefix + nameof(FibreCafeClientOptions.TokenEndpoint)] = TokenEndpoint.AbsoluteUri,
            [prefix + nameof(FibreCafeClientOptions.ClientId)] = Options.ClientId,
            [prefix + nameof(FibreCafeClientOptions.ClientSecret)] = Options.ClientSecret,
        };
    }

    /// <summary>
    /// Sets where KCIs are delivered, for an app that learns its own address only after it started (port 0).
    /// KCIs of calls made before, held while no receiver was set, are delivered now, in order; the rest as usual.
    /// </summary>
    /// <param name="receiverUrl">The tenant's <c>POST /kcis</c>, e.g. <c>http://127.0.0.1:41235/kcis</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="receiverUrl"/> is not an absolute http or https URL.</exception>
    public void DeliverKcisTo(Uri receiverUrl)
    {
        ArgumentNullException.ThrowIfNull(receiverUrl);
        Options.KciReceiverUrl = receiverUrl;
    }

    /// <summary>Invalidates every issued token, so the next call with one gets a 401.</summary>
    public void RevokeTokens() => _tokens.RevokeAll();

    /// <summary>
    /// Completes when every KCI scheduled so far has been delivered or given up. KCIs held for want of a receiver
    /// are not waited for (the task would never complete); they count from <see cref="DeliverKcisTo"/> on.
    /// </summary>
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
