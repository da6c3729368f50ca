using FibreCafe.Client;
using FibreCafe.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Samples.Tests;

public sealed class KciReceiverSampleTests
{
    [Fact]
    public async Task The_receiver_sample_accepts_the_sandboxs_kcis_prints_their_events_and_stops_on_sigterm()
    {
        var store = Directory.CreateTempSubdirectory("fibrecafe-receiver-sample-");
        var port = SampleProcess.FreePort();
        using var receiver = SampleProcess.Start("FibreCafe.Samples.KciReceiver", ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string?>
        {
            ["FibreCafe__Kci__Authentication__Basic__Username"] = "gateway",
            ["FibreCafe__Kci__Authentication__Basic__Password"] = "receiver-sample-password",
            ["FibreCafe__Kci__Store__Path"] = Path.Combine(store.FullName, "kci.db"),
        });
        await receiver.WaitUntilHealthyAsync(port, TimeSpan.FromSeconds(30));
        await using var sandbox = FibreCafeSandbox.Start(o =>
        {
            o.KciReceiverUrl = new Uri($"http://127.0.0.1:{port}/kcis");
            o.KciUsername = "gateway";
            o.KciPassword = "receiver-sample-password";
            o.DefaultKciDelay = TimeSpan.Zero;
        });
        var services = new ServiceCollection();
        services.AddFibreCafeClient(sandbox.ConfigureClient).AddFibreCafeTestScenarios();
        await using var provider = services.BuildServiceProvider();

        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationRejected))
        {
            await provider.GetRequiredService<IFibreCafeClient>().CancelServiceOrderAsync(
                new ServiceOrderCancellationRequest { OrderId = 555, ReasonCode = OrderCancellationReasonCode.NoLongerRequired });
        }

        await receiver.WaitForStdoutAsync(l => l.Contains("\"ServiceOrderCancellationRejected\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await sandbox.WhenKcisDeliveredAsync();
        Assert.Equal([204, 204, 204], sandbox.KciDeliveries.Select(d => d.Status)); // received, pending, rejected
        var rejected = Assert.Single(receiver.JsonLines, l => l.GetProperty("event").GetString() == "ServiceOrderCancellationRejected");
        Assert.Equal(555, rejected.GetProperty("orderId").GetInt64());
        Assert.Equal(555, rejected.GetProperty("entityId").GetInt64());
        Assert.Equal("PROVIDE_ORDER", rejected.GetProperty("entityType").GetString());
        Assert.Equal(3, rejected.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal(sandbox.KciDeliveries[2].KciId, rejected.GetProperty("kciId").GetString());

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", receiver.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await receiver.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, receiver.ExitCode);
        Assert.True(File.Exists(Path.Combine(store.FullName, "kci.db")));
        store.Delete(recursive: true);
    }

    [Fact]
    public async Task The_receiver_sample_refuses_to_start_without_authentication()
    {
        using var receiver = await SampleProcess.RunAsync("FibreCafe.Samples.KciReceiver", ["--urls", $"http://127.0.0.1:{SampleProcess.FreePort()}"]);

        Assert.NotEqual(0, receiver.ExitCode);
        Assert.Contains("Authentication", receiver.StderrText, StringComparison.Ordinal);
        Assert.Empty(receiver.Stdout);
    }
}
