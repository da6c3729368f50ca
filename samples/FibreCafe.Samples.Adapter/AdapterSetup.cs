using System.Net;
using System.Security.Cryptography;
using FibreCafe.Client;
using FibreCafe.Requests;
using FibreCafe.Testing;
using FibreCafe.Tmf641;

namespace FibreCafe.Samples;

/// <summary>The adapter's wiring, step by step, so that <c>Program.cs</c> reads as the list of what the host is.</summary>
internal static class AdapterSetup
{
    /// <summary>Starts the embedded sandbox when no gateway is configured (no <c>FibreCafe:BaseAddress</c>).</summary>
    public static FibreCafeSandbox? StartSandboxUnlessGateway(WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["FibreCafe:BaseAddress"]))
        {
            return null;
        }

        // The sandbox plays the gateway, so it delivers KCIs with the receiver's Basic credentials: the configured
        // ones, or a pair made up for this run (the receiver refuses to start without any, and /kcis stays protected).
        var basic = builder.Configuration.GetSection("FibreCafe:Kci:Authentication:Basic");
        if (string.IsNullOrEmpty(basic["Username"]) && string.IsNullOrEmpty(basic["Password"]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [basic.Path + ":Username"] = "fibre-cafe-gateway",
                [basic.Path + ":Password"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            });
        }

        return FibreCafeSandbox.Start(o =>
        {
            o.KciUsername = basic["Username"];
            o.KciPassword = basic["Password"];
        });
    }

    /// <summary>
    /// The KCI receiver and its store, which the requests share: PostgreSQL with <c>Store:ConnectionString</c>, SQLite at
    /// <c>Store:Path</c>, else SQLite in a temporary folder that is deleted when the host stops (returned, to dispose then).
    /// </summary>
    public static TemporaryStore? AddReceiver(WebApplicationBuilder builder)
    {
        var kci = builder.Configuration.GetSection("FibreCafe:Kci");
        var receiver = builder.Services.AddFibreCafeKciReceiver(kci);
        if (!string.IsNullOrWhiteSpace(kci["Store:ConnectionString"]))
        {
            receiver.UsePostgreSqlStore();
            return null;
        }

        if (kci["Store:Path"] is { Length: > 0 } path)
        {
            receiver.UseSqliteStore(path);
            return null;
        }

        var store = new TemporaryStore();
        receiver.UseSqliteStore(store.Path);
        return store;
    }

    /// <summary>The client, the durable requests with their processing run, and the TMF641 API in front of them.</summary>
    public static void AddApi(WebApplicationBuilder builder, FibreCafeSandbox? sandbox)
    {
        var client = builder.Services.AddFibreCafeClient(builder.Configuration.GetSection(FibreCafeClientOptions.SectionName));
        builder.Services.AddFibreCafeCancellationRequests(builder.Configuration.GetSection("FibreCafe:Requests"));
        builder.Services.AddFibreCafeTmf641(builder.Configuration.GetSection(Tmf641Constants.SectionName));
        if (sandbox is null)
        {
            return;
        }

        builder.Services.PostConfigure<FibreCafeClientOptions>(sandbox.ConfigureClient);
        client.AddFibreCafeTestScenarios();
        builder.Services.AddFibreCafeTmf641(o => o.HeadersToMetadata.Add(FibreCafeSandboxScenarios.Header));
        builder.Services.AddSingleton<ICancellationAttemptScope, SandboxScenarioScope>();
    }

    /// <summary>This host's <c>/kcis</c> as the sandbox reaches it: its http address, a wildcard host as loopback.</summary>
    public static Uri KciAddress(WebApplication app)
    {
        var address = new UriBuilder(app.Urls.OrderBy(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).First()) { Path = "/kcis" };
        if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            address.Host = IPAddress.Loopback.ToString();
        }

        return address.Uri;
    }
}

/// <summary>A SQLite store in a folder of its own under the temporary folder, deleted on dispose.</summary>
internal sealed class TemporaryStore : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-adapter-");

    public string Path => System.IO.Path.Combine(_folder.FullName, "kci.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // pooled connections keep the file open
        _folder.Delete(recursive: true);
    }
}
