using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Operations;
using FibreCafe.Requests;
using FibreCafe.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Operations.Tests.Infrastructure;

/// <summary>
/// A retailer's host on the sandbox with the operations page mounted, as the docs describe it: the receiver on SQLite
/// in a temporary folder, the client, durable requests with their processing run (real time, short polls), and a
/// cookie sign-in for three kinds of user: <c>operator</c> (view and operate), <c>viewer</c> (view only) and
/// <c>outsider</c> (signed in, neither). <c>GET /test-login?user=…</c> signs in; an anonymous request gets a 401.
/// A KCI about an order in <see cref="FailingOrders"/> makes its handler throw, so that it parks.
/// </summary>
public sealed class OperationsHost : IAsyncDisposable
{
    public const string ViewPolicy = "ops-view";
    public const string OperatePolicy = "ops-operate";
    public const string StatsPolicy = "ops-stats";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-operations-tests-");
    private WebApplication _app = null!;

    private OperationsHost(FibreCafeSandbox sandbox, string pathBase)
    {
        Sandbox = sandbox;
        PathBase = pathBase;
    }

    public FibreCafeSandbox Sandbox { get; }

    /// <summary>The host's path base ("" or e.g. "/retailer"), under which everything is served.</summary>
    public string PathBase { get; }

    /// <summary>Orders whose cancellation events make the test handler throw (their KCIs park).</summary>
    public ConcurrentDictionary<long, bool> FailingOrders { get; } = new();

    public IServiceProvider Services => _app.Services;

    public ICancellationRequests Requests => Services.GetRequiredService<ICancellationRequests>();

    public IKciInbox Inbox => Services.GetRequiredService<IKciInbox>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>The host's root, e.g. <c>http://127.0.0.1:5123/</c> (without the path base).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The operations page's overview, path base included, ending in '/'.</summary>
    public Uri Page => new(Address, PathBase.TrimStart('/') + (PathBase.Length > 0 ? "/" : string.Empty) + "fibrecafe/");

    public static async Task<OperationsHost> StartAsync(string pathBase = "", Action<FibreCafeOperationsOptions>? operations = null)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciUsername = "fibre-cafe-gateway";
            o.KciPassword = password;
            o.DefaultKciDelay = TimeSpan.Zero;
        });
        var host = new OperationsHost(sandbox, pathBase);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Information);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = sandbox.Options.KciUsername;
            o.Authentication.Basic.Password = password;
            o.Dispatch.MaxAttempts = 1;
            o.Dispatch.PollInterval = TimeSpan.FromMilliseconds(200);
        }).UseSqliteStore(Path.Combine(host._folder.FullName, "kci.db"));
        builder.Services.AddSingleton(host);
        builder.Services.AddKciEventHandler<KciEvent, FailingOrderHandler>();
        builder.Services.AddFibreCafeClient(o =>
        {
            sandbox.ConfigureClient(o);
            o.Resilience.MaxAttempts = 1;
        }).AddFibreCafeTestScenarios();
        builder.Services.AddFibreCafeCancellationRequests(o =>
        {
            o.InstanceName = "operations-tests";
            o.PollInterval = TimeSpan.FromMilliseconds(200);
        });

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy(ViewPolicy, p => p.RequireRole("viewer", "operator"));
            o.AddPolicy(OperatePolicy, p => p.RequireRole("operator"));
            o.AddPolicy(StatsPolicy, p => p.RequireRole("viewer", "operator"));
        });
        builder.Services.AddFibreCafeOperations(o =>
        {
            o.ViewPolicy = ViewPolicy;
            o.OperatePolicy = OperatePolicy;
            o.StatsPolicy = StatsPolicy;
            o.PageSize = 5;
            operations?.Invoke(o);
        });

        host._app = builder.Build();
        if (pathBase.Length > 0)
        {
            host._app.UsePathBase(pathBase);
        }

        host._app.UseAuthentication();
        host._app.UseAuthorization();
        host._app.MapGet("/test-login", async (HttpContext context, string user) =>
        {
            var roles = user switch { "operator" => new[] { "operator" }, "viewer" => ["viewer"], _ => [] };
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Text("signed in as " + user);
        });
        host._app.MapFibreCafeKcis("/kcis");
        host._app.MapFibreCafeOperations("/fibrecafe");
        await host._app.StartAsync();
        var address = host._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.Address = new Uri(address.TrimEnd('/') + "/");
        sandbox.DeliverKcisTo(new Uri(host.Address, pathBase.TrimStart('/') + (pathBase.Length > 0 ? "/" : string.Empty) + "kcis"));
        return host;
    }

    /// <summary>An HTTP client signed in as <paramref name="user"/> (none: anonymous), redirects not followed.</summary>
    public async Task<HttpClient> ClientAsync(string? user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
        if (user is not null)
        {
            (await client.GetAsync(PathBase.TrimStart('/') + (PathBase.Length > 0 ? "/" : string.Empty) + "test-login?user=" + user)).EnsureSuccessStatusCode();
        }

        return client;
    }

    /// <summary>Submits a cancellation of an order and waits until its KCIs were dispatched (or parked) and it stopped moving.</summary>
    public async Task<CancellationRequest> CancelOrderAsync(long orderId, DateTimeOffset? scheduledFor = null)
    {
        var submission = CancellationSubmission.ForOrder(new ServiceOrderCancellationRequest { OrderId = orderId, ReasonCode = "CUSTOMER_CHANGED_MIND" });
        var request = await Requests.SubmitAsync(scheduledFor is { } at ? submission with { ScheduledFor = at } : submission);
        if (scheduledFor is not null)
        {
            return request;
        }

        return await SettledAsync(request.Id, r => CancellationRequestLifecycle.IsTerminal(r.State) || r.State == CancellationRequestState.Parked);
    }

    /// <summary>Waits until a request satisfies <paramref name="until"/> and the inbox has nothing pending (20 s at most).</summary>
    public async Task<CancellationRequest> SettledAsync(Guid id, Func<CancellationRequest, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await Sandbox.WhenKcisDeliveredAsync();
            var request = (await Requests.GetAsync(id))!;
            if ((until(request) && (await Inbox.GetStatisticsAsync()).Pending == 0) || DateTime.UtcNow > deadline)
            {
                return request;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the inbox holds a KCI of the order in <paramref name="status"/>, and returns it.</summary>
    public async Task<KciInboxEntry> KciOfOrderAsync(long orderId, KciInboxStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var page = await Inbox.SearchAsync(new KciInboxQuery { EntityId = orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), Status = status });
            if (page.Items.Count > 0)
            {
                return page.Items[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {status} KCI of order {orderId} within 20 s.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private sealed class FailingOrderHandler(OperationsHost host) : IKciEventHandler<KciEvent>
    {
        public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken) =>
            kciEvent is ServiceOrderCancellationEvent { OrderId: var id } && host.FailingOrders.ContainsKey(id)
                ? throw new InvalidOperationException($"The test handler fails for order {id} (password=hunter2 must not show).")
                : Task.CompletedTask;
    }
}
