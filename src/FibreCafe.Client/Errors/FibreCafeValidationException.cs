namespace FibreCafe.Client;

/// <summary>A request failed local validation; nothing was sent to the gateway.</summary>
public sealed class FibreCafeValidationException : FibreCafeException
{
    /// <summary>Initializes a new instance of the <see cref="FibreCafeValidationException"/> class.</summary>
    /// <param name="field">The JSON name of the invalid field, e.g. <c>orderId</c>.</param>
    /// <param name="reason">Why the value is invalid.</param>
    /// <param name="correlation">The ids the call would have sent.</param>
    public FibreCafeValidationException(string field, string reason, FibreCafeCorrelation? correlation = null)
        : base($"Invalid '{field}': {reason} Nothing was sent to the gateway.", correlation)
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Gets the JSON name of the invalid field, e.g. <c>orderId</c>.</summary>
    public string Field { get; }

    /// <summary>Gets why the value is invalid.</summary>
    public string Reason { get; }
}
