using System.Security.Cryptography;
using System.Threading.Channels;
using FibreCafe.Kci;
using FibreCafe.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace FibreCafe.Samples;

/// <summary>
/// The offline round trip: the sandbox gateway, and an in-process KCI receiver on a temporary SQLite
/// store that the sandbox delivers its KCIs to, hosting the client as a retailer's service would.
/// </summary>
internal sealed class SandboxRoundTrip : IAsyncDisposable
{
    private readonly Channel<KciEvent> _events = Channel.CreateUnbounded<KciEvent>();
    private readonly DirectoryInfo _storeDirectory = Directory.CreateTempSubdirectory("fibrecafe-sample-");
    private WebApplication? _app;

    private SandboxRoundTrip(FibreCafeSandbox sandbox) => Sandbox = sandbox;

    public FibreCafeSandbox Sandbox { get; }

    public IServiceProvider Services => _app!.Services;

    /// <summary>Starts the sandbox and a receiver host; <paramref name="addClient"/> registers the client in that host.</summary>
    public static async Task<SandboxRoundTrip> StartAsync(Action<IServiceCollection, FibreCafeSandbox> addClient, CancellationToken cancellationToken)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var roundTrip = new SandboxRoundTrip(FibreCafeSandbox.Start(o =>
        {
            o.KciUsername = "fibre-cafe-gateway";
            o.KciPassword = password;
        }));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = roundTrip.Sandbox.Options.KciUsername;
            o.Authentication.Basic.Password = password;
        }).UseSqliteStore(Path.Combine(roundTrip._storeDirectory.FullName, "kci.db"));
        builder.Services.AddSingleton(roundTrip._events.Writer);
        builder.Services.AddKciEventHandler<KciEvent, ChannelEventHandler>();
        builder.Services.AddFibreCafeCancellationLedger();
        addClient(builder.Services, roundTrip.Sandbox);

        roundTrip._app = builder.Build();
        roundTrip._app.MapFibreCafeKcis("/kcis");
        await roundTrip._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = roundTrip._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        // The host picked its port on start; KCIs of calls made before this line are held, not lost.
        roundTrip.Sandbox.DeliverKcisTo(new Uri(address.TrimEnd('/') + "/kcis"));
        return roundTrip;
    }

    /// <summary>Prints the events about <paramref name="entityId"/> until the cancellation's outcome arrived, or the wait ends.</summary>
    public async Task<bool> PrintEventsAsync(CancellationJob job, long entityId, string? scenario, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        var outcomeSeen = false;
        try
        {
            while (true)
            {
                // After the outcome, a short quiet period lets the other events of the same KCI through.
                if (outcomeSeen)
                {
                    timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
                }

                var kciEvent = await _events.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (job.IsAbout(kciEvent, entityId))
                {
                    JsonLines.Write(EventJson.Of(kciEvent));
                    outcomeSeen |= job.IsOutcome(kciEvent, scenario);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return outcomeSeen;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _storeDirectory.Delete(recursive: true);
    }

    private sealed class ChannelEventHandler(ChannelWriter<KciEvent> events) : IKciEventHandler<KciEvent>
    {
        public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken) => events.WriteAsync(kciEvent, cancellationToken).AsTask();
    }
}
