using System.Diagnostics;
using FibreCafe.Client.Telemetry;
using Microsoft.Extensions.Options;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// What the handlers of one registered client share at run time: its registration, the options of its name and its
/// telemetry. One per name (a keyed singleton, the key being the name), handed to that name's handlers when they are
/// built, so that no handler depends on ambient state to know which client it serves.
/// </summary>
internal sealed class FibreCafeClientContext
{
    private readonly IOptionsMonitor<FibreCafeClientOptions> _monitor;
    private FibreCafeClientOptions? _options;

    public FibreCafeClientContext(FibreCafeClientRegistration registration, IOptionsMonitor<FibreCafeClientOptions> monitor, FibreCafeClientMetrics metrics)
    {
        Registration = registration;
        _monitor = monitor;
        Metrics = new ClientMetrics(metrics, registration.IsDefault ? null : new(FibreCafeDiagnostics.ClientNameTag, registration.Name));
    }

    public FibreCafeClientRegistration Registration { get; }

    /// <summary>Gets the client's name; <c>""</c> for the unnamed client.</summary>
    public string Name => Registration.Name;

    /// <summary>
    /// Gets the options of this name (<see cref="IOptionsMonitor{TOptions}.Get(string)"/>), validated and read once, at first
    /// use: a running client keeps the settings it started with, as <see cref="IOptions{TOptions}"/> keeps them.
    /// </summary>
    public FibreCafeClientOptions Options => _options ??= _monitor.Get(Registration.Name);

    /// <summary>Gets the client's counters, tagged with its name (named clients only).</summary>
    public ClientMetrics Metrics { get; }

    /// <summary>Tags <paramref name="activity"/> with the client's name; the unnamed client's activities carry no such tag.</summary>
    public void TagActivity(Activity? activity)
    {
        if (activity is not null && !Registration.IsDefault)
        {
            activity.SetTag(FibreCafeDiagnostics.ClientNameTag, Registration.Name);
        }
    }
}
