namespace FibreCafe.Testing;

/// <summary>Settings of a <see cref="FibreCafeSandbox"/>; every one has a default that works offline.</summary>
public sealed class FibreCafeSandboxOptions
{
    /// <summary>Gets or sets the port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Gets or sets the client id the token endpoint accepts. Default: <c>sandbox-client</c>.</summary>
    public string ClientId { get; set; } = "sandbox-client";

    /// <summary>Gets or sets the client secret the token endpoint accepts. Default: <c>sandbox-secret</c>.</summary>
    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>Gets or sets the lifetime of issued tokens (<c>expires_in</c>). Default: 3600 s, as on the gateway.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the supplier id used when a request names none. Default: <c>SANDBOX_SUPPLIER</c>.</summary>
    public string Supplier { get; set; } = "SANDBOX_SUPPLIER";

    /// <summary>Gets or sets the longest reason code accepted; 30 so every listed code passes (see README). Default: 30.</summary>
    public int MaxOrderReasonCodeLength { get; set; } = 30;

    /// <summary>Gets or sets the first gateway id handed out. Default: 1000.</summary>
    public long FirstId { get; set; } = 1000;

    /// <summary>Gets or sets where KCIs are delivered (the tenant's <c>POST /kcis</c>); none are delivered when <see langword="null"/>.</summary>
    public Uri? KciReceiverUrl { get; set; }

    /// <summary>Gets or sets the Basic user name sent with KCIs; with <see cref="KciPassword"/>.</summary>
    public string? KciUsername { get; set; }

    /// <summary>Gets or sets the Basic password sent with KCIs.</summary>
    public string? KciPassword { get; set; }

    /// <summary>Gets or sets a bearer token sent with KCIs instead of Basic credentials.</summary>
    public string? KciBearerToken { get; set; }

    /// <summary>Gets or sets the wait before KCIs are delivered when a call sends no <c>X-Kci-Delay</c>. Default: 1 s (CVT uses 30 s).</summary>
    public TimeSpan DefaultKciDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the wait before a failed KCI delivery is tried again. Default: 500 ms.</summary>
    public TimeSpan KciRedeliveryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the most delivery attempts per KCI. Default: 20.</summary>
    public int MaxKciDeliveryAttempts { get; set; } = 20;
}
