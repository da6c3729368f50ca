namespace FibreCafe.Client.Correlation;

/// <summary>
/// What the handlers of one logical call share through <see cref="HttpRequestMessage.Options"/>:
/// its ids, when it must end, the caller's own cancellation, how many attempts it made, and the gateway error of its
/// last answer.
/// </summary>
internal sealed class FibreCafeCallState(FibreCafeCorrelation correlation, DateTimeOffset deadline, CancellationToken callerToken = default)
{
    private static readonly HttpRequestOptionsKey<FibreCafeCallState> Key = new("FibreCafe.CallState");

    // UTC ticks rather than a DateTimeOffset (16 bytes with its offset): one of these is allocated per call.
    private readonly long _deadlineUtcTicks = deadline.UtcTicks;
    private int _attempts;
    private int _sent;

    public FibreCafeCorrelation Correlation { get; } = correlation;

    /// <summary>Gets when the total timeout of the call ends.</summary>
    public DateTimeOffset Deadline => new(_deadlineUtcTicks, TimeSpan.Zero);

    /// <summary>
    /// Gets the caller's own token, without the call's timeouts: the handlers below see only tokens linked to those,
    /// and tell a timeout from the caller giving up by this one.
    /// </summary>
    public CancellationToken CallerToken { get; } = callerToken;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Gets or sets the parsed error body of the last non-success answer.</summary>
    public GatewayError? LastError { get; set; }

    /// <summary>Gets or sets the (truncated) raw body of the last non-success answer.</summary>
    public string? LastErrorBody { get; set; }

    /// <summary>Gets a value indicating whether a request of this call has gone to the gateway (it may have acted on it).</summary>
    public bool AnySent => Volatile.Read(ref _sent) != 0;

    /// <summary>Records that a request of this call is about to go to the gateway.</summary>
    public void MarkSent() => Volatile.Write(ref _sent, 1);

    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    public static FibreCafeCallState? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var state) ? state : null;
}
