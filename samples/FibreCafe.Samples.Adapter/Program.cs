// The whole adapter as one web host: the TMF641 Service Ordering API at /tmf-api/serviceOrdering/v4 (bearer API key),
// the KCI receiver at /kcis (its own Basic credentials), and the processing run of the durable requests that the API
// stores and the KCIs move on:
//   Sample__ApiKey=$(openssl rand -hex 32) dotnet run --project samples/FibreCafe.Samples.Adapter -- --urls http://127.0.0.1:5090
// With no FibreCafe:BaseAddress it runs on the embedded sandbox, which delivers its KCIs back to this host's /kcis; an
// X-Scenario header on the POST picks the sandbox's answer. For the gateway set FibreCafe__BaseAddress, __TokenEndpoint,
// __ClientId, __ClientSecret and the KCI credentials agreed at onboarding (FibreCafe__Kci__Authentication__Basic__*).
// The store is SQLite in a temporary folder, deleted when the host stops, unless FibreCafe__Kci__Store__Path (SQLite)
// or FibreCafe__Kci__Store__ConnectionString (PostgreSQL) is set. The operations page is at /fibrecafe behind a cookie
// login at /login: the API key signs in to view and act, the optional Sample__ViewerKey to view only. A curl session
// and the page's steps: docs/adapter.md.
using FibreCafe.Samples;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout stays free for a caller
if (!ApiKeyAuthentication.TryAdd(builder))
{
    // Before anything starts: an API open to anyone who finds the port is worse than no API.
    await Console.Error.WriteLineAsync(
        $"The TMF641 API needs its key: set {ApiKeyAuthentication.ConfigurationKey} (environment Sample__ApiKey) to a long random value, e.g. $(openssl rand -hex 32).");
    return 2;
}

if (OperationsLogin.Problem(builder.Configuration) is { } keyProblem)
{
    await Console.Error.WriteLineAsync(keyProblem);
    return 2;
}

await using var sandbox = AdapterSetup.StartSandboxUnlessGateway(builder);
using var store = AdapterSetup.AddReceiver(builder);
AdapterSetup.AddApi(builder, sandbox);
OperationsLogin.Add(builder);

await using var app = builder.Build();
app.MapTmf641ServiceOrdering().RequireAuthorization(ApiKeyAuthentication.Policy);
app.MapFibreCafeKcis("/kcis");
app.MapHealthChecks("/health");
if (sandbox is not null)
{
    DemoListener.Map(app); // a listener to register on the hub in a demo (docs/adapter.md); never against the gateway
}

try
{
    OperationsLogin.Map(app); // the operations page at /fibrecafe, /login and /logout; mapping validates FibreCafe:Operations
    await app.StartAsync();
}
catch (Exception ex) when (ex is OptionsValidationException || ex is AggregateException { InnerExceptions: var all } && all.All(e => e is OptionsValidationException))
{
    var failures = (ex is AggregateException aggregate ? aggregate.InnerExceptions : [ex]).SelectMany(e => ((OptionsValidationException)e).Failures);
    await Console.Error.WriteLineAsync("The adapter is not configured: " + string.Join(" ", failures));
    return 2;
}

// Only now does the host know its address (with port 0 it is chosen on start); the sandbox holds its KCIs until then.
sandbox?.DeliverKcisTo(AdapterSetup.KciAddress(app));
app.Logger.LogInformation(
    "The adapter is running on {Gateway}; TMF641 API at {Address}tmf-api/serviceOrdering/v4, KCIs at /kcis, operations page at /fibrecafe (sign in at /login), store {Store}.",
    sandbox is null ? "the gateway" : "the embedded sandbox", app.Urls.First().TrimEnd('/') + "/", store?.Path ?? "as configured");
await app.WaitForShutdownAsync();
return 0;
