using FibreCafe.Client;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FibreCafe.Kci.Tests.DependencyInjection;

public class RegistrationTests
{
    private static async Task<HealthReport> HealthAsync(KciTestHost host) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [Fact]
    public async Task The_store_health_check_is_healthy_when_the_store_answers()
    {
        await using var host = await KciTestHost.StartAsync();

        var entry = (await HealthAsync(host)).Entries[FibreCafeKciServiceCollectionExtensions.HealthCheckName];

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(0L, entry.Data["parked"]);
    }

    [Fact]
    public async Task The_store_health_check_is_unhealthy_when_the_store_fails()
    {
        await using var host = await KciTestHost.StartAsync(services: (s, _) => s.Replace(ServiceDescriptor.Singleton<IKciInbox, FailingStatisticsInbox>()));

        Assert.Equal(HealthStatus.Unhealthy, (await HealthAsync(host)).Entries[FibreCafeKciServiceCollectionExtensions.HealthCheckName].Status);
    }

    [Fact]
    public async Task The_store_health_check_is_degraded_while_kcis_are_parked()
    {
        var script = new HandlerScript { FailAlways = true };
        await using var host = await KciTestHost.StartAsync(services: (s, receiver) =>
        {
            s.AddSingleton(script);
            receiver.AddKciEventHandler<ServiceOrderStatusChanged, ScriptedHandler>();
        });
        var kci = TestKcis.Order();
        using var response = await host.PostAsync(kci.ToJsonString());
        await Eventually.ReturnsAsync(async () => await host.Inbox.GetAsync(TestKcis.IdOf(kci)) is { Status: KciInboxStatus.Parked } e ? e : null, "parked");

        var entry = (await HealthAsync(host)).Entries[FibreCafeKciServiceCollectionExtensions.HealthCheckName];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(1L, entry.Data["parked"]);
    }

    [Fact]
    public void Registering_the_receiver_twice_does_not_register_it_twice()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build().GetSection("FibreCafe:Kci");

        services.AddFibreCafeKciReceiver(configuration);
        services.AddFibreCafeKciReceiver(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IKciInbox));
        Assert.Single(services, d => d.ImplementationType == typeof(FibreCafe.Kci.Dispatch.KciDispatcher));
    }

    [Fact]
    public void Event_handlers_are_scoped_and_registered_once()
    {
        var services = new ServiceCollection();

        services.AddKciEventHandler<ServiceOrderCancellationCompleted, NoopHandler>();
        services.AddKciEventHandler<ServiceOrderCancellationCompleted, NoopHandler>();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IKciEventHandler<ServiceOrderCancellationCompleted>));
        Assert.Equal(ServiceLifetime.Scoped, descriptor.Lifetime);
    }

    [Fact]
    public async Task The_client_side_ledger_works_without_the_receiver_and_records_through_the_observer()
    {
        var services = new ServiceCollection().AddFibreCafeCancellationLedger();
        await using var provider = services.BuildServiceProvider();
        var observer = Assert.Single(provider.GetServices<IFibreCafeCancellationObserver>());

        await observer.OnServiceOrderCancellationCreatedAsync(
            new ServiceOrderCancellationRequest { OrderId = 7, ReasonCode = OrderCancellationReasonCode.NoLongerRequired },
            new FibreCafeResponse<ServiceOrderCancellation>(
                new ServiceOrderCancellation { Id = 70, OrderId = 7, Status = CancellationStatus.ReceivedByGateway, SupplierReference = "S-1" },
                new FibreCafeCorrelation("req-7", "conv-7"),
                201),
            CancellationToken.None);

        var record = Assert.Single(await provider.GetRequiredService<ICancellationLedger>().FindByOrderAsync(7));
        Assert.Equal((70L, "req-7", "conv-7", "S-1", "NO_LONGER_REQUIRED"), (record.CancellationId, record.RequestId, record.ConversationId, record.SupplierReference, record.ReasonCode));
    }

    [Fact]
    public async Task A_201_with_a_status_the_library_does_not_know_is_recorded_as_received()
    {
        var services = new ServiceCollection().AddFibreCafeCancellationLedger();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IFibreCafeCancellationObserver>().OnServiceProblemCancellationCreatedAsync(
            new ServiceProblemCancellationRequest { ServiceProblemId = 3, ReasonCode = ProblemCancellationReasonCode.Other },
            new FibreCafeResponse<ServiceProblemCancellation>(new ServiceProblemCancellation { Id = 30, Status = new CancellationStatus("QUEUED") }, new FibreCafeCorrelation("r", "c"), 201),
            CancellationToken.None);

        var record = await provider.GetRequiredService<ICancellationLedger>().GetAsync(CancellationKind.ServiceProblem, 30);
        Assert.Equal((CancellationStatus.ReceivedByGateway, 3L), (record!.Status, record.TargetId));
    }

    private sealed class NoopHandler : IKciEventHandler<ServiceOrderCancellationCompleted>
    {
        public Task HandleAsync(ServiceOrderCancellationCompleted kciEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class FailingStatisticsInbox : InMemoryKciInboxDecorator
    {
        public override Task<KciInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => throw new IOException("database is locked");
    }
}
