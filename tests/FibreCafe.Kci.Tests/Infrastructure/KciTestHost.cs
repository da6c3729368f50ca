using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>
/// A minimal-API host with the KCI receiver on an in-memory TestServer, Basic authentication by default,
/// a catch-all handler that records every event, fake logging, and fast retries.
/// </summary>
internal sealed class KciTestHost : IAsyncDisposable
{
    public const string Username = "fibre-gateway";
    public const string Password = "correct-horse-battery-staple-1";

    private readonly WebApplication _app;

    private KciTestHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public TestServer Server => _app.GetTestServer();

    public RecordedEvents Events => Services.GetRequiredService<RecordedEvents>();

    public IKciInbox Inbox => Services.GetRequiredService<IKciInbox>();

    public ICancellationLedger Ledger => Services.GetRequiredService<ICancellationLedger>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["FibreCafe:Kci:Authentication:Basic:Credentials:0:Username"] = Username,
        ["FibreCafe:Kci:Authentication:Basic:Credentials:0:Password"] = Password,
        ["FibreCafe:Kci:Dispatch:MaxAttempts"] = "3",
        ["FibreCafe:Kci:Dispatch:BaseDelay"] = "00:00:00.010",
        ["FibreCafe:Kci:Dispatch:MaxDelay"] = "00:00:00.050",
        ["FibreCafe:Kci:Dispatch:PollInterval"] = "00:00:01",
    };

    public static Task<KciTestHost> StartAsync(
        Action<Dictionary<string, string?>>? settings = null,
        Action<IServiceCollection, IFibreCafeKciReceiverBuilder>? services = null,
        string environment = "Production",
        string? sqlitePath = null,
        bool chooseInMemoryStore = true)
    {
        var values = DefaultSettings();
        settings?.Invoke(values);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        var receiver = builder.Services
            .AddFibreCafeKciReceiver(builder.Configuration.GetSection("FibreCafe:Kci"))
            .AddKciEventHandler<KciEvent, RecordingHandler>();
        builder.Services.TryAddSingleton<RecordedEvents>();
        if (sqlitePath is not null)
        {
            receiver.UseSqliteStore(sqlitePath);
        }
        else if (chooseInMemoryStore)
        {
            receiver.UseInMemoryStore();
        }

        services?.Invoke(builder.Services, receiver);
        return StartAsync(builder);
    }

    public Task<HttpResponseMessage> PostAsync(string body, AuthenticationHeaderValue? authorization = null, Action<HttpRequestMessage>? configure = null) =>
        PostAsync(Client, body, authorization ?? Basic(Username, Password), configure);

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, AuthenticationHeaderValue? authorization, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/kcis") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = authorization;
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Conversation-ID", "conversation-1");
        configure?.Invoke(request);
        return await client.SendAsync(request);
    }

    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<KciTestHost> StartAsync(WebApplicationBuilder builder)
    {
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

        return new KciTestHost(app);
    }
}
