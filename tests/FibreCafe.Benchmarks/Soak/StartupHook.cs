using System.Diagnostics.CodeAnalysis;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c> = this assembly) that the soak loads into the sample receiver
/// process. The product refuses a <c>DoneRetention</c> under 1 hour (a re-delivery must still be recognised), so a
/// soak of an hour would never see a clean-up delete anything. The hook gives the store's retention service alone a
/// clock that runs ahead by a fixed offset: with <c>DoneRetention</c> 1 hour and the clock 55 minutes ahead, the service
/// deletes the done KCIs older than 5 real minutes, while the endpoint, the dispatcher and the stored times keep the
/// real clock. Its timers are the system's, so <c>CleanupInterval</c> is real time. Everything else is the sample as it
/// ships. Does nothing unless <see cref="FibreCafe.Benchmarks.Soak.RetentionClock.Variable"/> is set.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for a startup hook by this exact name, in no namespace.")]
internal static class StartupHook
{
    public static void Initialize() => FibreCafe.Benchmarks.Soak.RetentionClock.Install();
}
