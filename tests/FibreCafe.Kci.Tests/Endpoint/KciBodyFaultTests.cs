using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Kci.Tests.Endpoint;

/// <summary>
/// A body the server gives up on is the client's fault (4xx in the gateway's shape), never a 503 that would
/// make the gateway deliver the same broken request for ever; only the store failing is 503.
/// </summary>
public class KciBodyFaultTests
{
    [Fact]
    public async Task A_body_the_server_finds_too_large_while_reading_gets_413_like_a_declared_one()
    {
        await using var host = await StartAsync(() => new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "INVALID_REQUEST");
        Assert.StartsWith("The body is larger than ", messages.Single(), StringComparison.Ordinal);
        AssertNoErrorLogged(host);
    }

    [Fact]
    public async Task A_body_arriving_too_slowly_gets_408_and_is_logged_as_a_client_fault()
    {
        await using var host = await StartAsync(() => new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", StatusCodes.Status408RequestTimeout));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.RequestTimeout, "INVALID_REQUEST");
        AssertClientFaultLogged(host, 408);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_gets_400_and_is_logged_as_the_client_gone_at_information()
    {
        // Kestrel's words when the connection's input ends before the body does.
        await using var host = await StartAsync(() => new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        var gone = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "ClientDisconnected");
        Assert.Equal(LogLevel.Information, gone.Level);
        AssertNoErrorLogged(host);
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_gets_400_and_is_logged_as_a_client_fault()
    {
        await using var host = await StartAsync(() => new BadHttpRequestException("Bad chunk size data.", StatusCodes.Status400BadRequest));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        AssertClientFaultLogged(host, 400);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_body_is_logged_as_gone_at_information_not_as_an_error()
    {
        await using var host = await StartAsync(() => new IOException("The client reset the request stream."), abortsRequest: true);

        // TestServer may surface the aborted request to its client; what matters is what the receiver logged.
        try
        {
            using var response = await host.PostAsync(TestKcis.Order().ToJsonString());
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException)
        {
        }

        await Eventually.HoldsAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Name == "ClientDisconnected"), "the client gone is logged");
        var gone = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "ClientDisconnected");
        Assert.Equal(LogLevel.Information, gone.Level);
        AssertNoErrorLogged(host);
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task A_store_failing_after_the_client_went_away_is_still_logged_as_the_stores_error()
    {
        await using var host = await KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false",
            services: (s, _) =>
            {
                var inbox = new GoneWhileStoringInbox();
                s.Replace(ServiceDescriptor.Singleton<IKciInbox>(inbox));
                s.AddSingleton<IStartupFilter>(inbox);
            });

        try
        {
            using var response = await host.PostAsync(TestKcis.Order().ToJsonString());
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException)
        {
        }

        // TestServer may hand the aborted request back before the endpoint has logged its outcome.
        await Eventually.HoldsAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Name is "ReceiverUnavailable" or "ClientDisconnected"), "the outcome is logged");
        var failure = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "ReceiverUnavailable");
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Name == "ClientDisconnected");
    }

    private static Task<KciTestHost> StartAsync(Func<Exception> fault, bool abortsRequest = false) =>
        KciTestHost.StartAsync(
            s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false",
            services: (s, _) => FaultyRequestBody.Register(s, fault, abortsRequest));

    private static void AssertClientFaultLogged(KciTestHost host, int status)
    {
        var fault = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "KciBodyClientFault");
        Assert.Equal(LogLevel.Warning, fault.Level);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), fault.Message, StringComparison.Ordinal);
        AssertNoErrorLogged(host);
    }

    /// <summary>A store that fails just as the client goes away (the request is aborted, then the insert throws).</summary>
    private sealed class GoneWhileStoringInbox : InMemoryKciInboxDecorator, IStartupFilter
    {
        private readonly AsyncLocal<CancellationTokenSource?> _aborted = new();

        public override Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default)
        {
            _aborted.Value?.Cancel();
            throw new IOException("disk unplugged");
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                using var aborted = new CancellationTokenSource();
                _aborted.Value = aborted;
                context.RequestAborted = aborted.Token;
                await inner(context);
            });
            next(app);
        };
    }

    private static void AssertNoErrorLogged(KciTestHost host) =>
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
}
