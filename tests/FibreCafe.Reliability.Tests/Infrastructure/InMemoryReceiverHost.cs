using FibreCafe.Kci;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// A receiver in this process on real Kestrel (127.0.0.1, a free port) with the in-memory inbox, Basic
/// authentication and every log record captured (Debug and up), for probes of what a hostile or broken client
/// can do on the wire: Kestrel's own limits, unlike TestServer's, are what such a client runs into. The store can
/// be made to fail, to tell a store failure (503) from a client's fault.
/// </summary>
internal sealed class InMemoryReceiverHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InMemoryReceiverHost(WebApplication app, FakeLogCollector logs, FailingInbox inbox, DispatchLog dispatched)
    {
        _app = app;
        Logs = logs;
        Inbox = inbox;
        Dispatched = dispatched;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Port = address.Port;
        Kcis = new Uri(address, "/kcis");
    }

    public Uri Kcis { get; }

    public int Port { get; }

    public FakeLogCollector Logs { get; }

    public FailingInbox Inbox { get; }

    public DispatchLog Dispatched { get; }

    /// <param name="minBodyDataRate">Kestrel's minimum body data rate (bytes per second, after a grace period of 2 s); null keeps Kestrel's default.</param>
    public static async Task<InMemoryReceiverHost> StartAsync(string password, double? minBodyDataRate = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FibreCafe:Kci:Authentication:Basic:Username"] = Infrastructure.Kcis.Username,
            ["FibreCafe:Kci:Authentication:Basic:Password"] = password,
            ["FibreCafe:Kci:Dispatch:PollInterval"] = "00:00:00.200",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (minBodyDataRate is { } rate)
        {
            builder.WebHost.ConfigureKestrel(k => k.Limits.MinRequestBodyDataRate = new MinDataRate(rate, TimeSpan.FromSeconds(2)));
        }

        var logs = new FakeLogCollector();
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug);
        var inbox = new FailingInbox();
        var dispatched = new DispatchLog();
        builder.Services.AddSingleton(dispatched);
        builder.Services.AddFibreCafeKciReceiver(builder.Configuration.GetSection("FibreCafe:Kci"))
            .UseInMemoryStore() // the ledger; the inbox is the failing one below
            .AddKciEventHandler<KciEvent, RecordingHandler>();
        builder.Services.AddSingleton<IKciInbox>(inbox);

        var app = builder.Build();
        app.MapFibreCafeKcis("/kcis");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new InMemoryReceiverHost(app, logs, inbox, dispatched);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RecordingHandler(DispatchLog dispatched) : IKciEventHandler<KciEvent>
    {
        public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken)
        {
            dispatched.Record("probe", kciEvent);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The in-memory inbox, whose inserts fail while <see cref="Fails"/> is set (a store outage).</summary>
internal sealed class FailingInbox : IKciInbox
{
    private readonly InMemoryKciInbox _inner = new();

    public volatile bool Fails;

    public Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default) =>
        Fails ? throw new IOException("the probe's store is down") : _inner.AddAsync(entry, cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ClaimAsync(int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken = default) => _inner.ClaimAsync(maxCount, leaseDuration, cancellationToken);

    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => _inner.GetNextDueAsync(cancellationToken);

    public Task<bool> CompleteAsync(KciInboxEntry claimed, KciEntityState? entityState, CancellationToken cancellationToken = default) => _inner.CompleteAsync(claimed, entityState, cancellationToken);

    public Task<bool> FailAsync(KciInboxEntry claimed, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) => _inner.FailAsync(claimed, error, retryAt, cancellationToken);

    public Task<bool> ReleaseAsync(KciInboxEntry claimed, CancellationToken cancellationToken = default) => _inner.ReleaseAsync(claimed, cancellationToken);

    public Task<bool> ReplayAsync(Guid kciId, CancellationToken cancellationToken = default) => _inner.ReplayAsync(kciId, cancellationToken);

    public Task<KciInboxEntry?> GetAsync(Guid kciId, CancellationToken cancellationToken = default) => _inner.GetAsync(kciId, cancellationToken);

    public Task<IReadOnlyList<KciInboxEntry>> ListAsync(KciInboxStatus status, int maxCount = 100, CancellationToken cancellationToken = default) => _inner.ListAsync(status, maxCount, cancellationToken);

    public Task<KciEntityState?> GetEntityStateAsync(string entityKey, CancellationToken cancellationToken = default) => _inner.GetEntityStateAsync(entityKey, cancellationToken);

    public Task<KciInboxPage> SearchAsync(KciInboxQuery query, CancellationToken cancellationToken = default) => _inner.SearchAsync(query, cancellationToken);

    public Task<IReadOnlyList<long>> CountReceivedByHourAsync(DateTimeOffset from, int hours, CancellationToken cancellationToken = default) => _inner.CountReceivedByHourAsync(from, hours, cancellationToken);

    public Task<KciEntityStatePage> ListEntityStatesAsync(KciEntityStateQuery query, CancellationToken cancellationToken = default) => _inner.ListEntityStatesAsync(query, cancellationToken);

    public Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => _inner.GetStatisticsAsync(cancellationToken);
}
