using System.Globalization;

namespace FibreCafe.Testing;

/// <summary>
/// An ambient test scenario: calls made inside it carry <c>X-Scenario</c> (and <c>X-Kci-Delay</c>) when the
/// client was registered with <c>AddFibreCafeTestScenarios()</c>. Works against this sandbox and the
/// gateway's CVT environment; the production gateway ignores the headers.
/// </summary>
public static class FibreCafeTestScenario
{
    private static readonly AsyncLocal<(string Scenario, TimeSpan? KciDelay)?> Current = new();

    /// <summary>Opens a scenario scope; dispose it to return to the enclosing one.</summary>
    /// <param name="scenario">An <c>X-Scenario</c> value, e.g. <see cref="FibreCafeSandboxScenarios.CancellationRejected"/>.</param>
    /// <param name="kciDelay">The <c>X-Kci-Delay</c> to send, in whole seconds; none when <see langword="null"/>.</param>
    /// <returns>A scope that restores the previous scenario when disposed.</returns>
    public static IDisposable Begin(string scenario, TimeSpan? kciDelay = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenario);
        var previous = Current.Value;
        Current.Value = (scenario, kciDelay);
        return new Scope(previous);
    }

    internal static void Apply(HttpRequestMessage request)
    {
        if (Current.Value is not { } current)
        {
            return;
        }

        if (!request.Headers.Contains(FibreCafeSandboxScenarios.Header))
        {
            request.Headers.TryAddWithoutValidation(FibreCafeSandboxScenarios.Header, current.Scenario);
        }

        if (current.KciDelay is { } delay && !request.Headers.Contains(FibreCafeSandboxScenarios.KciDelayHeader))
        {
            request.Headers.TryAddWithoutValidation(
                FibreCafeSandboxScenarios.KciDelayHeader, ((int)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }
    }

    private sealed class Scope((string Scenario, TimeSpan? KciDelay)? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
