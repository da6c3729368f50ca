using System.Diagnostics;

namespace FibreCafe.Kci;

/// <summary>Who submitted a request: the process (name and id) and, when known, the user, as CRM.COM keeps <c>process_name</c>, <c>process_id</c> and <c>log_information</c>.</summary>
public sealed record CancellationRequestSubmitter
{
    /// <summary>Gets the submitting process's name, e.g. <c>order-portal</c> or <c>nightly-ceases</c>.</summary>
    public string? ProcessName { get; init; }

    /// <summary>Gets the submitting process's id: an OS process id, a job run id, a host name.</summary>
    public string? ProcessId { get; init; }

    /// <summary>Gets the user on whose behalf the request was submitted.</summary>
    public string? User { get; init; }

    /// <summary>The current process, by name and OS id, on behalf of <paramref name="user"/>.</summary>
    /// <param name="user">The user, if any.</param>
    /// <returns>The submitter.</returns>
    public static CancellationRequestSubmitter CurrentProcess(string? user = null) =>
        user is null ? ThisProcess.Value : ThisProcess.Value with { User = user };

    // Read once: asking the OS for the process's name on every submission cost more than storing it.
    private static readonly Lazy<CancellationRequestSubmitter> ThisProcess = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return new() { ProcessName = process.ProcessName, ProcessId = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    });
}
