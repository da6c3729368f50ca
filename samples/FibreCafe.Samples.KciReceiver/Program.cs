// The tenant's POST /kcis on the SQLite store, printing each dispatched domain event as a JSON line:
//   FibreCafe__Kci__Authentication__Basic__Username=gateway FibreCafe__Kci__Authentication__Basic__Password=... \
//   dotnet run --project samples/FibreCafe.Samples.KciReceiver -- --urls http://127.0.0.1:5080
// With FibreCafe__Kci__Store__ConnectionString="Host=...;Database=...;Username=...;Password=..." it uses the
// PostgreSQL store instead, which several copies of this receiver can share (README, "Running several receivers").
// With ASPNETCORE_ENVIRONMENT=Mtls it serves https only and authenticates the gateway by its pinned client certificate
// (appsettings.Mtls.json, ReceiverTls.cs; docs/kci-receiver.md, "Mutual TLS with a private CA").
// With a gateway configured (FibreCafe__BaseAddress, FibreCafe__TokenEndpoint, FibreCafe__ClientId, FibreCafe__ClientSecret)
// it also runs the durable cancellation requests' processing run on the same store (FibreCafe:Requests keys;
// docs/requests.md): the requests in the store are sent when due, and the KCIs it receives move them on.
using FibreCafe.Kci;
using FibreCafe.Samples;
using Serilog;
using Serilog.Events;

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
    .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
    .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
    .CreateLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Logging.ClearProviders();
    builder.Services.AddSerilog();
    ReceiverTls.Configure(builder);
    var kci = builder.Configuration.GetSection("FibreCafe:Kci");
    var receiver = builder.Services.AddFibreCafeKciReceiver(kci);
    if (string.IsNullOrWhiteSpace(kci["Store:ConnectionString"]))
    {
        receiver.UseSqliteStore(kci["Store:Path"] ?? "kci.db");
    }
    else
    {
        receiver.UsePostgreSqlStore();
    }

    builder.Services.AddKciEventHandler<KciEvent, JsonLineEventHandler>();
    if (!string.IsNullOrWhiteSpace(builder.Configuration["FibreCafe:BaseAddress"]))
    {
        builder.Services.AddFibreCafeClient(builder.Configuration.GetSection("FibreCafe"));
        builder.Services.AddFibreCafeCancellationRequests(builder.Configuration.GetSection("FibreCafe:Requests"));
    }

    var app = builder.Build();
    app.MapFibreCafeKcis("/kcis");
    app.MapHealthChecks("/health");
    await app.RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    Log.Fatal("The receiver is not configured: {Failures}", string.Join(" ", ex.Failures));
    return 2;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Prints each dispatched domain event as one JSON line on stdout.</summary>
internal sealed class JsonLineEventHandler : IKciEventHandler<KciEvent>
{
    public Task HandleAsync(KciEvent kciEvent, CancellationToken cancellationToken)
    {
        JsonLines.Write(EventJson.Of(kciEvent));
        return Task.CompletedTask;
    }
}
