using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>Replaces the SQLite retention service's <see cref="TimeProvider"/> when the host is built (see <see cref="StartupHook"/>).</summary>
internal static class RetentionClock
{
    /// <summary>The offset of the retention service's clock, as a <see cref="TimeSpan"/> (<c>c</c> format).</summary>
    public const string Variable = "FIBRECAFE_SOAK_RETENTION_CLOCK_AHEAD";

    /// <summary>What the hook prints on standard error once it replaced the service, so the soak can check it took.</summary>
    public const string Confirmation = "SOAK-HOOK retention clock ahead by ";

    private const string RetentionServiceName = "SqliteKciRetention";

    public static void Install()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } text)
        {
            return;
        }

        var ahead = TimeSpan.Parse(text, CultureInfo.InvariantCulture);

        // The host builder announces itself on this listener just before it builds the service provider, after the
        // application registered everything (the same hook WebApplicationFactory and the EF tools use).
        DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                listener.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                {
                    // A HostApplicationBuilder (and so a WebApplicationBuilder) announces its IHostBuilder adapter,
                    // whose ConfigureServices callbacks it applies right after this event.
                    if (e is { Key: "HostBuilding", Value: IHostBuilder builder })
                    {
                        builder.ConfigureServices((_, services) => Replace(services, ahead));
                    }
                }));
            }
        }));
    }

    private static void Replace(IServiceCollection services, TimeSpan ahead)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { ServiceType: var type, ImplementationType: { Name: RetentionServiceName } implementation } && type == typeof(IHostedService))
            {
                var clock = new AheadClock(ahead);
                services[i] = ServiceDescriptor.Singleton<IHostedService>(sp => (IHostedService)ActivatorUtilities.CreateInstance(sp, implementation, clock));
                Console.Error.WriteLine(Confirmation + ahead.ToString("c", CultureInfo.InvariantCulture) + " on " + implementation.FullName);
                return;
            }
        }

        Console.Error.WriteLine("SOAK-HOOK found no " + RetentionServiceName + ": the retention keeps the real clock");
    }

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }

    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(T value) => onNext(value);
    }
}
