using System.Net;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Kci.Tests.DependencyInjection;

/// <summary>Durable by default: a receiver keeps its inbox in memory only when the host asked for it, or in Development.</summary>
public sealed class DurableStoreTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Without_a_store_the_host_does_not_start_outside_development_and_the_message_names_every_choice(string environment)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => KciTestHost.StartAsync(environment: environment, chooseInMemoryStore: false));

        Assert.Contains("UseSqliteStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("UsePostgreSqlStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains($"is {environment}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_store_a_development_host_starts_with_one_warning_and_acknowledges_kcis()
    {
        await using var host = await KciTestHost.StartAsync(environment: "Development", chooseInMemoryStore: false);

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var warning = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "InMemoryStoreInDevelopment");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("the inbox, the cancellation ledger, the cancellation requests, the event subscriptions and the notification outbox", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_in_memory_store_chosen_explicitly_starts_in_production_without_a_warning()
    {
        await using var host = await KciTestHost.StartAsync(environment: "Production", chooseInMemoryStore: false,
            services: (_, receiver) => receiver.UseInMemoryStore());

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.IsType<InMemoryKciInbox>(host.Inbox);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Name == "InMemoryStoreInDevelopment");
    }

    [Fact]
    public async Task A_durable_store_starts_in_production_without_a_warning()
    {
        using var folder = new TempDirectory();
        await using var host = await KciTestHost.StartAsync(environment: "Production", chooseInMemoryStore: false,
            services: (_, receiver) => receiver.UseSqliteStore(Path.Combine(folder.Path, "kci.db")));

        Assert.IsNotType<InMemoryKciInbox>(host.Inbox);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Name == "InMemoryStoreInDevelopment");
    }

    [Fact]
    public async Task A_durable_inbox_of_the_hosts_own_with_the_ledger_left_in_memory_is_refused_naming_the_ledger()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KciTestHost.StartAsync(
            environment: "Production", chooseInMemoryStore: false,
            services: (services, _) => services.AddSingleton<IKciInbox, DurableLookingInbox>()));

        Assert.Contains("keeps the cancellation ledger, the cancellation requests, the event subscriptions and the notification outbox in memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_an_environment_is_not_development()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = KciTestHost.Username;
            o.Authentication.Basic.Password = KciTestHost.Password;
        });
        await using var provider = services.BuildServiceProvider();

        var guard = provider.GetServices<IHostedService>().First();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => guard.StartAsync(CancellationToken.None));
        Assert.Contains("no durable store", error.Message, StringComparison.Ordinal);
        Assert.Contains("this host's is not set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory then SQLite")]
    [InlineData("SQLite then memory")]
    public void A_second_store_is_refused_naming_both_and_the_same_store_again_only_adds_configuration(string order)
    {
        var services = new ServiceCollection();
        var receiver = services.AddFibreCafeKciReceiver(o => o.Authentication.Basic.Username = KciTestHost.Username);
        Action first = order.StartsWith("memory", StringComparison.Ordinal) ? () => receiver.UseInMemoryStore() : () => receiver.UseSqliteStore("a.db");
        Action second = order.StartsWith("memory", StringComparison.Ordinal) ? () => receiver.UseSqliteStore("a.db") : () => receiver.UseInMemoryStore();

        first();
        var descriptors = services.Count;
        first();
        var error = Assert.Throws<InvalidOperationException>(second);

        Assert.True(services.Count - descriptors <= 1, "choosing the same store again adds at most its configuration");
        var (chosen, refused) = order.StartsWith("memory", StringComparison.Ordinal)
            ? ("UseInMemoryStore()", "UseSqliteStore()")
            : ("UseSqliteStore()", "UseInMemoryStore()");
        Assert.Contains($"chosen already with {chosen}; {refused} cannot replace it", error.Message, StringComparison.Ordinal);
        Assert.Single(services, d => d.ServiceType == typeof(KciStoreChoice));
    }

    /// <summary>Stands for a store of the host's own: anything that is not the in-memory inbox.</summary>
    private sealed class DurableLookingInbox : InMemoryKciInboxDecorator;
}
