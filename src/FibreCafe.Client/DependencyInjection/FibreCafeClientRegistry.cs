using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// The clients registered in one service collection, by name: filled while services are added, read afterwards.
/// The unnamed client is the name <see cref="Options.DefaultName"/> (<c>""</c>).
/// </summary>
internal sealed class FibreCafeClientRegistry
{
    private readonly Dictionary<string, FibreCafeClientRegistration> _byName = new(StringComparer.Ordinal);

    /// <summary>Returns the registry of <paramref name="services"/>, adding one when there is none yet.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="added">Whether the registry was added now (the shared services are to be added with it).</param>
    public static FibreCafeClientRegistry Of(IServiceCollection services, out bool added)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(FibreCafeClientRegistry) && !descriptor.IsKeyedService
                && descriptor.ImplementationInstance is FibreCafeClientRegistry existing)
            {
                added = false;
                return existing;
            }
        }

        var registry = new FibreCafeClientRegistry();
        services.AddSingleton(registry);
        added = true;
        return registry;
    }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FibreCafeClientRegistration? registration) =>
        _byName.TryGetValue(name, out registration);

    public FibreCafeClientRegistration Add(string name)
    {
        var registration = new FibreCafeClientRegistration(name);
        _byName.Add(name, registration);
        return registration;
    }

    /// <summary>
    /// Whether <paramref name="pipelineName"/>, as Polly's telemetry reports it (the HttpClient's name, a dash, the
    /// pipeline's), is the resilience pipeline of a registered client.
    /// </summary>
    public bool IsClientPipeline(string? pipelineName)
    {
        if (pipelineName is null)
        {
            return false;
        }

        foreach (var registration in _byName.Values)
        {
            if (pipelineName.EndsWith(registration.PipelineName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message for a name nobody registered: it names it and lists the names there are.</summary>
    public string DescribeUnknown(string name)
    {
        var named = _byName.Keys.Where(n => n.Length > 0).Select(n => $"'{n}'").ToList();
        var unnamed = _byName.ContainsKey(Options.DefaultName);
        var registered = (named.Count, unnamed) switch
        {
            (0, true) => "only the unnamed client (\"\")",
            (_, true) => string.Join(", ", named) + " and the unnamed client (\"\")",
            _ => string.Join(", ", named),
        };
        return $"No Fibre Cafe client is registered with the name '{name}'. Registered: {registered}. Register it with services.AddFibreCafeClient(\"{name}\", ...).";
    }
}
