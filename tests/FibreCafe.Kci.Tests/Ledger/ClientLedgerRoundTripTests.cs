using System.Net;
using System.Text;
using FibreCafe.Client;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Tests.Ledger;

/// <summary>
/// The client records what it creates (AddFibreCafeCancellationLedger), and the KCIs about it move it on:
/// the real <see cref="IFibreCafeClient"/> against a stubbed gateway, and the receiver in the same host.
/// </summary>
public sealed class ClientLedgerRoundTripTests : IDisposable
{
    private const string ClientSecret = "client-secret-never-stored-9431";
    private const string AccessToken = "access-token-never-stored-1187";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<KciTestHost> StartAsync(bool sqlite) =>
        KciTestHost.StartAsync(
            settings: null,
            (services, _) =>
            {
                // The gateway's HttpClient (Refit sets its own primary handler, so it is replaced on the
                // builder) and the token endpoint's (through the defaults).
                services.AddFibreCafeClient(o =>
                {
                    o.BaseAddress = new Uri("http://127.0.0.1:9/v1");
                    o.ClientId = "retailer";
                    o.ClientSecret = ClientSecret;
                }).ConfigurePrimaryHttpMessageHandler(() => new StubGateway());
                services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => new StubGateway()));
                services.AddFibreCafeCancellationLedger();
            },
            sqlitePath: sqlite ? _folder.File("kci.db") : null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cancellation_the_client_creates_is_recorded_then_rejected_by_a_resubmit_that_carries_no_object(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var client = host.Services.GetRequiredService<IFibreCafeClient>();

        var created = await client.CancelServiceOrderAsync(
            new ServiceOrderCancellationRequest { OrderId = 4242, ReasonCode = OrderCancellationReasonCode.CustomerChangedMind, Text = "Moved house" },
            new FibreCafeCallOptions { ConversationId = "conv-round-trip" });

        var record = await host.Ledger.GetAsync(CancellationKind.ServiceOrder, 900);
        Assert.NotNull(record);
        Assert.Equal((4242L, "CUSTOMER_CHANGED_MIND", "Moved house"), (record.OrderId!.Value, record.ReasonCode, record.Text));
        Assert.Equal(CancellationStatus.ReceivedByGateway, record.Status);
        Assert.Equal(created.RequestId, record.RequestId);
        Assert.Equal("conv-round-trip", record.ConversationId);
        Assert.Contains("\"orderId\":4242", record.RequestBody, StringComparison.Ordinal);
        Assert.Contains("\"id\":900", record.ResponseBody, StringComparison.Ordinal);
        foreach (var secret in new[] { ClientSecret, AccessToken })
        {
            Assert.DoesNotContain(secret, record.RequestBody + record.ResponseBody + record, StringComparison.Ordinal);
        }

        var resubmit = TestKcis.Order(orderId: 4242, sequenceNumber: 6, status: "IN_PROGRESS", updateType: "ACTION_REQUIRED");
        using var response = await host.PostAsync(resubmit.ToJsonString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var rejected = await Eventually.ReturnsAsync(
            () => Task.FromResult(host.Events.Of<ServiceOrderCancellationRejected>().SingleOrDefault()), "cancellation rejected");
        Assert.Equal((900L, 4242L, "Rejected by the supplier."), (rejected.CancellationId!.Value, rejected.OrderId, rejected.ReasonText));
        Assert.DoesNotContain(host.Events.All, e => e is ActionRequired);
        var closed = await Eventually.ReturnsAsync(
            async () => await host.Ledger.GetAsync(CancellationKind.ServiceOrder, 900) is { Status.IsTerminal: true } r ? r : null, "ledger closed");
        Assert.Equal(CancellationStatus.Rejected, closed.Status);
        Assert.Equal("Rejected by the supplier.", closed.StatusReason);
        Assert.Equal(TestKcis.IdOf(resubmit), closed.LastKciId);
    }

    [Fact]
    public async Task A_problem_cancellation_the_client_creates_is_recorded_and_found_by_problem()
    {
        await using var host = await StartAsync(sqlite: false);
        var client = host.Services.GetRequiredService<IFibreCafeClient>();

        await client.CancelServiceProblemAsync(new ServiceProblemCancellationRequest { ServiceProblemId = 31, ReasonCode = ProblemCancellationReasonCode.IssueResolved });

        var record = Assert.Single(await host.Ledger.FindByServiceProblemAsync(31));
        Assert.Equal((CancellationKind.ServiceProblem, 901L, "ISSUE_RESOLVED"), (record.Kind, record.CancellationId, record.ReasonCode));
    }

    /// <summary>The gateway: a token endpoint and both cancellation endpoints answering 201.</summary>
    private sealed class StubGateway : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var (status, json) = path switch
            {
                _ when path.EndsWith("/auth/tenant/access-token", StringComparison.Ordinal) =>
                    (HttpStatusCode.OK, $$"""{"access_token":"{{AccessToken}}","expires_in":3600,"token_type":"Bearer"}"""),
                _ when path.EndsWith("/service-order-cancellations", StringComparison.Ordinal) =>
                    (HttpStatusCode.Created, """{"id":900,"status":"RECEIVED_BY_GATEWAY","orderId":4242,"reasonCode":"CUSTOMER_CHANGED_MIND","text":"Moved house"}"""),
                _ when path.EndsWith("/service-problem-cancellations", StringComparison.Ordinal) =>
                    (HttpStatusCode.Created, """{"id":901,"status":"RECEIVED_BY_GATEWAY","serviceProblemId":31,"reasonCode":"ISSUE_RESOLVED"}"""),
                _ => (HttpStatusCode.NotFound, "{}"),
            };
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
