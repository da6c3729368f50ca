using FibreCafe.Client;
using FibreCafe.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace FibreCafe.Samples;

/// <summary>
/// Runs one cancellation: against the configured gateway, or, with no <c>FibreCafe:BaseAddress</c>, the
/// whole round trip on the embedded sandbox. Stdout gets JSON lines; logs go to stderr.
/// </summary>
internal static class SampleRunner
{
    private static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(30);

    // A sample waits for its one request: it looks often, not every second as a service would.
    private static readonly TimeSpan DurablePollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args, CancellationJob job)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            return await RunCoreAsync(args, job, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SampleUsageException or OptionsValidationException)
        {
            Console.Error.WriteLine(ex.Message);
            return OutcomeJson.InvalidArguments;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, CancellationJob job, CancellationToken cancellationToken)
    {
        var arguments = SampleArguments.Parse(args, job.IdOption, defaultId: 123, job.DefaultReason, job.AllowsSupplier);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var section = configuration.GetSection(FibreCafeClientOptions.SectionName);
        var onSandbox = string.IsNullOrWhiteSpace(section["BaseAddress"]);
        if (arguments.Scenario is { } scenario && (!onSandbox || !FibreCafeSandboxScenarios.All.Contains(scenario)))
        {
            throw new SampleUsageException(onSandbox
                ? $"--scenario must be one of {string.Join(", ", FibreCafeSandboxScenarios.All)} (was '{scenario}')."
                : "--scenario applies only to the embedded sandbox, used when FibreCafe:BaseAddress is not configured.");
        }

        void AddClient(IServiceCollection services, FibreCafeSandbox? sandbox)
        {
            services.AddSerilog();
            var builder = services.AddFibreCafeClient(section);
            if (sandbox is not null)
            {
                services.PostConfigure<FibreCafeClientOptions>(sandbox.ConfigureClient);
                builder.AddFibreCafeTestScenarios();
            }

            if (arguments.IsDurable)
            {
                services.AddFibreCafeCancellationRequests(o => o.PollInterval = DurablePollInterval);
            }
        }

        // Begun before the hosts start: the processing run sends from the host's background work, which carries the
        // scenario of the code that started it (an AsyncLocal), so a scheduled request is sent in the chosen scenario too.
        using var scenarioScope = onSandbox ? FibreCafeTestScenario.Begin(arguments.Scenario ?? FibreCafeSandboxScenarios.CancellationAccepted) : null;
        await using var roundTrip = onSandbox
            ? await SandboxRoundTrip.StartAsync(AddClient, cancellationToken).ConfigureAwait(false)
            : null;
        await using var durableHost = roundTrip is null && arguments.IsDurable
            ? await StandaloneRequestsHost.StartAsync(AddClient, configuration, cancellationToken).ConfigureAwait(false)
            : null;
        await using var standalone = roundTrip is null && durableHost is null ? BuildStandalone(AddClient) : null;
        var services = roundTrip?.Services ?? durableHost?.Services ?? standalone!;
        _ = services.GetRequiredService<IOptions<FibreCafeClientOptions>>().Value; // configuration errors surface as exit code 2

        (System.Text.Json.Nodes.JsonObject Line, int ExitCode) outcome;
        if (arguments.IsDurable)
        {
            var request = await DurableCancellation.SubmitAsync(services, job, arguments, cancellationToken).ConfigureAwait(false);
            outcome = await DurableCancellation.WaitForAnswerAsync(services, request, OutcomeWait, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            outcome = await job.SendAsync(
                services.GetRequiredService<IFibreCafeClient>(),
                arguments,
                new FibreCafeCallOptions { ConversationId = arguments.ConversationId },
                cancellationToken).ConfigureAwait(false);
        }

        JsonLines.Write(outcome.Line);
        if (outcome.ExitCode == OutcomeJson.Created && roundTrip is not null
            && !await roundTrip.PrintEventsAsync(job, arguments.EntityId, arguments.Scenario, OutcomeWait, cancellationToken).ConfigureAwait(false))
        {
            Log.Warning("No outcome KCI arrived within {Seconds} s.", OutcomeWait.TotalSeconds);
        }

        return outcome.ExitCode;
    }

    private static ServiceProvider BuildStandalone(Action<IServiceCollection, FibreCafeSandbox?> addClient)
    {
        var services = new ServiceCollection();
        addClient(services, null);
        return services.BuildServiceProvider();
    }
}
