namespace FibreCafe.Testing;

/// <summary>Settings of a <see cref="FibreCafeSandbox"/>; every one has a default that works offline.</summary>
/// <remarks>
/// <para>
/// Start-only settings (<see cref="Port"/>, <see cref="MaxOrderReasonCodeLength"/>, <see cref="FirstId"/>) are
/// read once by <see cref="FibreCafeSandbox.Start"/>; setting one on <see cref="FibreCafeSandbox.Options"/>
/// afterwards throws <see cref="InvalidOperationException"/> rather than being ignored.
/// </para>
/// <para>Every other setting is live: a change applies to the next request or KCI delivery attempt.</para>
/// </remarks>
public sealed class FibreCafeSandboxOptions
{
    private int _port;
    private int _maxOrderReasonCodeLength = 30;
    private long _firstId = 1000;
    private Uri? _kciReceiverUrl;
    private volatile bool _started;

    /// <summary>Gets or sets the port on 127.0.0.1; 0 (the default) picks a free one. Start-only.</summary>
    /// <exception cref="InvalidOperationException">Set after the sandbox started.</exception>
    public int Port
    {
        get => _port;
        set => _port = StartOnly(value, nameof(Port));
    }

    /// <summary>Gets or sets the client id the token endpoint accepts. Default: <c>sandbox-client</c>. Live.</summary>
    public string ClientId { get; set; } = "sandbox-client";

    /// <summary>Gets or sets the client secret the token endpoint accepts. Default: <c>sandbox-secret</c>. Live.</summary>
    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>Gets or sets the lifetime of issued tokens (<c>expires_in</c>). Default: 3600 s, as on the gateway. Live.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the supplier id used when a request names none. Default: <c>SANDBOX_SUPPLIER</c>. Live.</summary>
    public string Supplier { get; set; } = "SANDBOX_SUPPLIER";

    /// <summary>
    /// Gets or sets the longest reason code accepted; 30 so every listed code passes (see README). Default: 30.
    /// Start-only: the order endpoint's rule is built from it when the sandbox starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set after the sandbox started.</exception>
    public int MaxOrderReasonCodeLength
    {
        get => _maxOrderReasonCodeLength;
        set => _maxOrderReasonCodeLength = StartOnly(value, nameof(MaxOrderReasonCodeLength));
    }

    /// <summary>Gets or sets the first gateway id handed out. Default: 1000. Start-only.</summary>
    /// <exception cref="InvalidOperationException">Set after the sandbox started.</exception>
    public long FirstId
    {
        get => _firstId;
        set => _firstId = StartOnly(value, nameof(FirstId));
    }

    /// <summary>
    /// Gets or sets where KCIs are delivered (the tenant's <c>POST /kcis</c>). Live: setting it after start is the
    /// same as <see cref="FibreCafeSandbox.DeliverKcisTo"/>. While it is <see langword="null"/> (the default) KCIs
    /// are held, not dropped, and delivered once a receiver is set.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http or https URL.</exception>
    public Uri? KciReceiverUrl
    {
        get => Volatile.Read(ref _kciReceiverUrl);
        set
        {
            if (value is not null && (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps)))
            {
                throw new ArgumentException($"The KCI receiver URL must be an absolute http or https URL (was '{value}').", nameof(value));
            }

            Volatile.Write(ref _kciReceiverUrl, value);
            KciReceiverUrlChanged?.Invoke(value);
        }
    }

    /// <summary>Gets or sets the Basic user name sent with KCIs; with <see cref="KciPassword"/>. Live.</summary>
    public string? KciUsername { get; set; }

    /// <summary>Gets or sets the Basic password sent with KCIs. Live.</summary>
    public string? KciPassword { get; set; }

    /// <summary>Gets or sets a bearer token sent with KCIs instead of Basic credentials. Live.</summary>
    public string? KciBearerToken { get; set; }

    /// <summary>Gets or sets the wait before KCIs are delivered when a call sends no <c>X-Kci-Delay</c>. Default: 1 s (CVT uses 30 s). Live.</summary>
    public TimeSpan DefaultKciDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the wait before a failed KCI delivery is tried again. Default: 500 ms. Live.</summary>
    public TimeSpan KciRedeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the most delivery attempts per KCI. Default: 20. Live.</summary>
    public int MaxKciDeliveryAttempts { get; set; } = 20;

    /// <summary>
    /// Gets or sets how many KCIs are held while no receiver is set; later ones are dropped, so a long run without
    /// a receiver does not grow without bound. 0 drops every KCI created without a receiver. Default: 1000. Live.
    /// </summary>
    public int MaxHeldKcis { get; set; } = 1000;

    /// <summary>Called after <see cref="KciReceiverUrl"/> is set, so the running sandbox releases the KCIs it holds.</summary>
    internal Action<Uri?>? KciReceiverUrlChanged { get; set; }

    /// <summary>Marks the start-only settings as read: from now on setting one throws.</summary>
    internal void MarkStarted() => _started = true;

    private T StartOnly<T>(T value, string name) => _started
        ? throw new InvalidOperationException(
            $"FibreCafeSandboxOptions.{name} is read once when the sandbox starts; set it in the configure callback of FibreCafeSandbox.Start.")
        : value;
}
