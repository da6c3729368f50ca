using System.Diagnostics;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Reliability.Tests.Infrastructure;
using FibreCafe.Testing;
using FibreCafe.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests.Requests;

/// <summary>
/// Two processing runs on one PostgreSQL database share 2,000 due requests over 200 orders (10 per order, submitted in
/// rounds so that each order's requests are spread through the queue): each is sent once, and each order's in the order
/// it was submitted (the sandbox gives cancellation ids in the order it receives the POSTs).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestsOnTwoInstancesTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Orders = 200;
    private const int PerOrder = 10;

    [Fact]
    public async Task Two_instances_send_each_request_once_and_each_orders_requests_in_submission_order()
    {
        var watch = Stopwatch.StartNew();
        await using var sandbox = FibreCafeSandbox.Start(o => o.DefaultKciDelay = TimeSpan.Zero);
        var store = RequestStore.PostgreSql(postgres);
        await store.SeedAsync(sandbox, Enumerable.Range(1, PerOrder).SelectMany(_ => Enumerable.Range(1, Orders).Select(o => (long)o)));

        using var a = Instance(store, sandbox, "instance-a");
        using var b = Instance(store, sandbox, "instance-b");
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await Eventually.HoldsAsync(async () => (await store.ReadAsync()).All(r => r.CancellationId is not null), "every request created", TimeSpan.FromSeconds(120));
        await Task.WhenAll(a.StopAsync(), b.StopAsync());

        var final = await store.ReadAsync();
        Assert.Equal(Orders * PerOrder, final.Count);
        Assert.Equal(Orders * PerOrder, sandbox.CancellationRequests);
        Assert.Equal(final.Count, final.Select(r => r.CancellationId).Distinct().Count());
        Assert.All(final, r => Assert.Equal(1, r.Attempts));
        foreach (var order in final.GroupBy(r => r.OrderId))
        {
            var bySubmission = order.OrderBy(r => r.Number).Select(r => r.CancellationId!.Value).ToList();
            Assert.Equal(bySubmission.Order(), bySubmission);
        }

        output.WriteLine($"{final.Count} requests over {Orders} orders sent by two instances in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static IHost Instance(RequestStore store, FibreCafeSandbox sandbox, string name)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        store.Configure(builder.Services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = "gateway";
            o.Authentication.Basic.Password = "two-instances-password";
        }));
        builder.Services.AddFibreCafeClient(sandbox.ConfigureClient);
        builder.Services.AddFibreCafeCancellationRequests(o =>
        {
            o.InstanceName = name;
            o.PollInterval = TimeSpan.FromMilliseconds(20);
        });
        return builder.Build();
    }
}
