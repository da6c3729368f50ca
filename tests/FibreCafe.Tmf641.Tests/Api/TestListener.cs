using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>A TMF listener on 127.0.0.1 that records every notification it is sent, and can be made to answer 503 (down).</summary>
public sealed class TestListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, JsonObject Body)> _received = new();

    private TestListener(WebApplication app) => _app = app;

    public bool Down { get; set; }

    /// <summary>Gets or sets a task every request waits for before it is answered (a listener that hangs), or <see langword="null"/>.</summary>
    public Task? Hang { get; set; }

    public int Refused { get; private set; }

    public Uri Callback { get; private set; } = null!;

    public IReadOnlyList<(string Path, JsonObject Body)> Received => [.. _received];

    public static async Task<TestListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var listener = new TestListener(builder.Build());
        listener._app.MapPost("/cb/{**rest}", async (HttpContext context) =>
        {
            if (listener.Hang is { } hang)
            {
                await hang.WaitAsync(context.RequestAborted);
            }

            if (listener.Down)
            {
                listener.Refused++;
                return Results.StatusCode(503);
            }

            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            listener._received.Enqueue((context.Request.Path.Value!, body));
            return Results.StatusCode(201);
        });
        await listener._app.StartAsync();
        var address = listener._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        listener.Callback = new Uri(address.TrimEnd('/') + "/cb");
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
