using System.Security.Cryptography;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Processing;
using FibreCafe.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FibreCafe.Requests.Tests.Infrastructure;

/// <summary>
/// A retailer's host as the docs describe it, on the sandbox: the KCI receiver (in memory, or SQLite in a temporary
/// folder), the client (one attempt per call, so the processing run's retries are what is measured), and durable
/// cancellation requests. The processing run does not run by itself: <see cref="RunAsync"/> runs one pass and waits for
/// its sends, on a <see cref="FakeTimeProvider"/> the test moves, so each test decides exactly when time passes.
/// </summary>
public sealed class RequestsHost : IAsyncDisposable
{
    private readonly DirectoryInfo? _folder;
    private WebApplication _app = null!;

    private RequestsHost(FibreCafeSandbox sandbox, DirectoryInfo? folder)
    {
        Sandbox = sandbox;
        _folder = folder;
    }

    public FibreCafeSandbox Sandbox { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _app.Services;

    public ICancellationRequests Requests => Services.GetRequiredService<ICancellationRequests>();

    public ICancellationRequestStore Store => Services.GetRequiredService<ICancellationRequestStore>();

    public ICancellationLedger Ledger => Services.GetRequiredService<ICancellationLedger>();

    public FakeLogCollector Logs => Services.GetRequiredService<FakeLogCollector>();

    /// <summary>Gets the host's own address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public string? DatabasePath => _folder is null ? null : Path.Combine(_folder.FullName, "kci.db");

    internal CancellationProcessingRun Run => Services.GetRequiredService<CancellationProcessingRun>();

    public static async Task<RequestsHost> StartAsync(
        Action<CancellationRequestsOptions>? requests = null, bool sqlite = false, Action<IServiceCollection>? services = null, Action<WebApplication>? map = null)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciUsername = "fibre-cafe-gateway";
            o.KciPassword = password;
            o.DefaultKciDelay = TimeSpan.Zero;
        });
        var host = new RequestsHost(sandbox, sqlite ? Directory.CreateTempSubdirectory("fibrecafe-requests-tests-") : null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(host.Clock);
        var receiver = builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = sandbox.Options.KciUsername;
            o.Authentication.Basic.Password = password;
        });
        if (host.DatabasePath is { } path)
        {
            receiver.UseSqliteStore(path);
        }
        else
        {
            receiver.UseInMemoryStore();
        }

        builder.Services.AddFibreCafeClient(o =>
        {
            sandbox.ConfigureClient(o);
            o.Resilience.MaxAttempts = 1;
        }).AddFibreCafeTestScenarios();
        builder.Services.AddFibreCafeCancellationRequests(o =>
        {
            o.ProcessingEnabled = false; // the tests run the passes themselves
            o.InstanceName = "test-instance";
            requests?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        host._app = builder.Build();
        host._app.MapFibreCafeKcis("/kcis");
        map?.Invoke(host._app);
        await host._app.StartAsync();
        var address = host._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.Address = new Uri(address.TrimEnd('/') + "/");
        sandbox.DeliverKcisTo(new Uri(host.Address, "kcis"));
        return host;
    }

    /// <summary>Runs one pass of the processing run and waits until its sends have recorded their outcomes.</summary>
    public async Task<int> RunAsync()
    {
        var claimed = await Run.RunOnceAsync(CancellationToken.None);
        await Run.WhenIdleAsync();
        return claimed;
    }

    /// <summary>Runs passes until one claims nothing (a pass takes at most <c>MaxConcurrentSends</c> requests).</summary>
    public async Task<int> RunUntilIdleAsync()
    {
        var total = 0;
        for (int claimed; (claimed = await RunAsync()) > 0;)
        {
            total += claimed;
        }

        return total;
    }

    /// <summary>Waits until the sandbox delivered its KCIs and the receiver dispatched them, i.e. the request stopped moving.</summary>
    public async Task<CancellationRequest> SettledAsync(Guid id, Func<CancellationRequest, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await Sandbox.WhenKcisDeliveredAsync();
            var request = (await Store.GetAsync(id))!;
            if (until(request) || DateTime.UtcNow > deadline)
            {
                return request;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Delete(recursive: true);
        }
    }
}

/// <summary>Requests the tests submit.</summary>
public static class Cancellations
{
    public static CancellationSubmission Order(long orderId = 12345, string reason = "CUSTOMER_CHANGED_MIND", string? text = null) =>
        CancellationSubmission.ForOrder(new ServiceOrderCancellationRequest { OrderId = orderId, ReasonCode = reason, Text = text });

    public static CancellationSubmission Problem(long problemId = 777, string reason = "ISSUE_RESOLVED") =>
        CancellationSubmission.ForProblem(new ServiceProblemCancellationRequest { ServiceProblemId = problemId, ReasonCode = reason });
}
