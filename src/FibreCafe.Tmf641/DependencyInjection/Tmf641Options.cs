namespace FibreCafe.Tmf641;

/// <summary>How the TMF641 front door maps and pages (section <c>FibreCafe:Tmf641</c>).</summary>
public sealed class Tmf641Options
{
    /// <summary>
    /// Gets or sets the absolute address clients reach the API's base path through (e.g. behind a reverse proxy),
    /// used for <c>href</c> and <c>Location</c>; <see langword="null"/> (the default) builds them from each request's
    /// scheme, host and path base.
    /// </summary>
    public Uri? PublicBaseAddress { get; set; }

    /// <summary>
    /// Gets the table from a TMF <c>cancellationReason</c> to a Fibre Cafe reason code, compared without case, e.g.
    /// <c>"Customer moved" → "NO_LONGER_REQUIRED"</c>. A reason that is a Fibre Cafe code already is taken as is; any
    /// other reason is sent as <see cref="DefaultReasonCode"/> with the reason as its text.
    /// </summary>
    public Dictionary<string, string> ReasonCodes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the reason code of a reason the table does not map: <see cref="Tmf641Constants.DefaultReasonCode"/>.</summary>
    public string DefaultReasonCode { get; set; } = Tmf641Constants.DefaultReasonCode;

    /// <summary>Gets or sets the page size of a list without <c>limit</c>: <see cref="Tmf641Constants.DefaultLimit"/>.</summary>
    public int DefaultLimit { get; set; } = Tmf641Constants.DefaultLimit;

    /// <summary>
    /// Gets the request headers kept with each request a <c>POST /cancelServiceOrder</c> creates, as metadata
    /// <c>tmf641.header.&lt;name&gt;</c> (<see cref="Tmf641Constants.HeaderMetadataPrefix"/>), for code that runs later
    /// with the request (e.g. an <c>ICancellationAttemptScope</c>); none by default. Never list a header that carries a secret.
    /// </summary>
    public IList<string> HeadersToMetadata { get; } = [];

    /// <summary>Gets or sets the largest request body read: <see cref="Tmf641Constants.DefaultMaxRequestBodyBytes"/>; a larger one is answered 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = Tmf641Constants.DefaultMaxRequestBodyBytes;

    /// <summary>Gets the hub's options: callbacks and the delivery of notifications.</summary>
    public Tmf641HubOptions Hub { get; } = new();
}
