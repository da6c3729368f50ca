using FibreCafe.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Testing.Tests;

/// <summary>Which settings may change after start, and the client settings as configuration keys.</summary>
public sealed class SandboxOptionsTests
{
    public static TheoryData<string, Action<FibreCafeSandboxOptions>> StartOnlySettings => new()
    {
        { nameof(FibreCafeSandboxOptions.Port), o => o.Port = 1 },
        { nameof(FibreCafeSandboxOptions.MaxOrderReasonCodeLength), o => o.MaxOrderReasonCodeLength = 25 },
        { nameof(FibreCafeSandboxOptions.FirstId), o => o.FirstId = 1 },
    };

    [Theory]
    [MemberData(nameof(StartOnlySettings))]
    public async Task A_start_only_setting_set_after_start_throws_naming_it(string name, Action<FibreCafeSandboxOptions> set)
    {
        await using var sandbox = FibreCafeSandbox.Start();

        var ex = Assert.Throws<InvalidOperationException>(() => set(sandbox.Options));

        Assert.Contains("FibreCafeSandboxOptions." + name, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reason_code_bound_refused_after_start_still_applies_as_started()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        using var services = SandboxClientTests.Client(sandbox);
        Assert.Throws<InvalidOperationException>(() => sandbox.Options.MaxOrderReasonCodeLength = 25);

        var created = await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(
            new() { OrderId = 1, ReasonCode = OrderCancellationReasonCode.PurchasedDifferentProduct });

        Assert.Equal(30, sandbox.Options.MaxOrderReasonCodeLength);
        Assert.Equal(OrderCancellationReasonCode.PurchasedDifferentProduct, created.Value.ReasonCode);
    }

    [Fact]
    public async Task Live_settings_changed_after_start_apply_to_the_next_call()
    {
        await using var sandbox = FibreCafeSandbox.Start();
        sandbox.Options.Supplier = "LIVE_SUPPLIER";
        sandbox.Options.ClientSecret = "rotated-secret";
        using var services = SandboxClientTests.Client(sandbox);

        var created = await services.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 3, ReasonCode = "OTHER" });

        Assert.Equal("LIVE_SUPPLIER", created.Value.Supplier);
        Assert.Equal(1, sandbox.TokenRequests); // the rotated secret was the one the token endpoint accepted
    }

    [Theory]
    [InlineData("FibreCafe")]
    [InlineData("Services:Gateway")]
    public async Task The_client_configuration_binds_through_AddFibreCafeClient_and_calls_the_sandbox(string section)
    {
        await using var sandbox = FibreCafeSandbox.Start(o => o.FirstId = 7000);
        var settings = sandbox.ClientConfiguration(section);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFibreCafeClient(configuration.GetSection(section));
        await using var provider = services.BuildServiceProvider();

        var created = await provider.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(new() { OrderId = 9, ReasonCode = "OTHER" });

        Assert.Equal(
            new[] { "BaseAddress", "TokenEndpoint", "ClientId", "ClientSecret" }.Select(k => $"{section}:{k}").Order(),
            settings.Keys.Order());
        Assert.Equal(sandbox.BaseAddress, new Uri(settings[$"{section}:BaseAddress"]!));
        Assert.Equal(7000, created.Value.Id);
        Assert.Equal(1, sandbox.TokenRequests);
    }
}
