using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Benchmarks.Infrastructure;

/// <summary>
/// The loopback "gateway" both sides of the client benchmark talk to: a minimal Kestrel app on 127.0.0.1 with
/// the token endpoint and <c>POST /v1/service-order-cancellations</c> answering a fixed 201 body. It does as
/// little as possible so that the difference between the floor and the client is the client's. Run in its
/// own process (<c>serve-gateway</c>) so its CPU and allocations are not the measured process's.
/// </summary>
internal static class LoopbackGateway
{
    public const string TokenPath = "/v1/auth/tenant/access-token";
    public const string OrderPath = "/v1/service-order-cancellations";
    public const string AccessToken = "bench-access-token-0123456789abcdef";
    public const string ClientId = "bench-client";
    public const string ClientSecret = "bench-client-secret";

    public static readonly byte[] OrderCreated = Encoding.UTF8.GetBytes(
        """{"id":234,"supplierReference":"A123X-1","status":"RECEIVED_BY_GATEWAY","supplier":"DUMMY_SUPPLIER","orderId":123,"reasonCode":"CUSTOMER_CHANGED_MIND","text":"Delivery too long"}""");

    private static readonly byte[] Unauthorized = Encoding.UTF8.GetBytes(
        """{"uuid":"00000000-0000-0000-0000-000000000000","code":"NOT_AUTHORISED","messages":["No bearer token."]}""");

    private static int _tokenRequests;
    private static int _tokenDelayMs;
    private static int _expiresIn = 3600;

    /// <summary>The <c>serve-gateway</c> command: serve until standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();

        app.MapPost(TokenPath, async context =>
        {
            Interlocked.Increment(ref _tokenRequests);
            var delay = Volatile.Read(ref _tokenDelayMs);
            if (delay > 0)
            {
                await Task.Delay(delay);
            }

            var body = Encoding.UTF8.GetBytes(
                $$"""{"access_token":"{{AccessToken}}","token_type":"Bearer","expires_in":{{Volatile.Read(ref _expiresIn)}}}""");
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });

        app.MapPost(OrderPath, context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var ok = authorization.StartsWith("Bearer ", StringComparison.Ordinal);
            var body = ok ? OrderCreated : Unauthorized;
            context.Response.StatusCode = ok ? StatusCodes.Status201Created : StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });

        // Control endpoints of the measurement, not part of any measured path.
        app.MapGet("/_bench/token-requests", context =>
            context.Response.WriteAsync(Volatile.Read(ref _tokenRequests).ToString(CultureInfo.InvariantCulture)));
        app.MapPost("/_bench/configure", context =>
        {
            if (int.TryParse(context.Request.Query["tokenDelayMs"], CultureInfo.InvariantCulture, out var delay))
            {
                Volatile.Write(ref _tokenDelayMs, delay);
            }

            if (int.TryParse(context.Request.Query["expiresIn"], CultureInfo.InvariantCulture, out var expiresIn))
            {
                Volatile.Write(ref _expiresIn, expiresIn);
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(ChildServer.ReadyPrefix + address);
        await ParentWatch.WhenParentGoneAsync();
        await app.StopAsync();
        return 0;
    }
}
