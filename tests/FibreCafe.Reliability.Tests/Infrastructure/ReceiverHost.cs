using System.Collections.Concurrent;
using FibreCafe.Kci;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// A receiver instance in this process: Kestrel on 127.0.0.1 (a free port), the KCI endpoint with Basic
/// authentication, the PostgreSQL store, and a handler that records every dispatched event in a
/// <see cref="DispatchLog"/> shared by all instances of a test. Every log record is captured.
/// </summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReceiverHost(WebApplication app, FakeLogCollector logs)
    {
        _app = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Kcis = new Uri(address + "/kcis");
        Health = new Uri(address + "/health");
    }

    public Uri Kcis { get; }

    public Uri Health { get; }

    public FakeLogCollector Logs { get; }

    public IKciInbox Inbox => _app.Services.GetRequiredService<IKciInbox>();

    public static async Task<ReceiverHost> StartAsync(
        string name, string password, string connectionString, string schema, DispatchLog dispatched, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FibreCafe:Kci:Authentication:Basic:Username"] = Infrastructure.Kcis.Username,
            ["FibreCafe:Kci:Authentication:Basic:Password"] = password,
            ["FibreCafe:Kci:Store:ConnectionString"] = connectionString,
            ["FibreCafe:Kci:Store:Schema"] = schema,
            ["FibreCafe:Kci:Dispatch:PollInterval"] = "00:00:00.200",
            ["FibreCafe:Kci:Dispatch:BaseDelay"] = "00:00:00.050",
            ["FibreCafe:Kci:Dispatch:MaxDelay"] = "00:00:00.500",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new FakeLogCollector();
        // The endpoint's routine acknowledgements (stored, duplicate) are Debug records: the tests count them.
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information)
            .AddFilter("FibreCafe.Kci.Endpoint.KciEndpoint", LogLevel.Debug);
        builder.Services.AddSingleton(dispatched);
        builder.Services.AddSingleton(new ReceiverName(name));
        builder.Services.AddFibreCafeKciReceiver(builder.Configuration.GetSection("FibreCafe:Kci"))
            .UsePostgreSqlStore()
            .AddKciEventHandler<KciEvent, RecordingHandler>();
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.MapFibreCafeKcis("/kcis");
        app.MapHealthChecks("/health");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ReceiverHost(app, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record ReceiverName(string Value);

    private sealed class RecordingHandler(DispatchLog dispatched, ReceiverName receiver) : IKciEventHandler<KciEvent>
    {
        public async Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken)
        {
            dispatched.Record(receiver.Value, kciEvent);
            await Task.Yield(); // a handler that does some work, so dispatches of both receivers overlap
        }
    }
}

/// <summary>Every event the handlers of a test's receivers heard, in the order they heard them.</summary>
internal sealed class DispatchLog
{
    private readonly ConcurrentQueue<(string Receiver, KciEvent Event)> _events = new();

    public int Count => _events.Count;

    public IReadOnlyList<(string Receiver, KciEvent Event)> All => _events.ToArray();

    public void Record(string receiver, KciEvent kciEvent) => _events.Enqueue((receiver, kciEvent));
}
