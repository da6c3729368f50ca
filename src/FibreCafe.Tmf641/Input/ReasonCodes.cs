using FibreCafe.Client;

namespace FibreCafe.Tmf641.Input;

/// <summary>
/// A TMF <c>cancellationReason</c> (free text) as a Fibre Cafe reason code and text: a Fibre Cafe order reason code as
/// is (after upper-casing and turning spaces and hyphens into <c>_</c>, so "customer changed mind" is
/// <c>CUSTOMER_CHANGED_MIND</c>); else the configured table's code, with the reason as text; else
/// <see cref="Tmf641Options.DefaultReasonCode"/> with the reason as text (cut to the gateway's 1,000 characters).
/// </summary>
internal static class ReasonCodes
{
    public static (string Code, string? Text) Map(string? reason, Tmf641Options options)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return (options.DefaultReasonCode, null);
        }

        var normalized = new string(reason.Trim().Select(c => c is ' ' or '-' ? '_' : char.ToUpperInvariant(c)).ToArray());
        if (OrderCancellationReasonCode.KnownValues.Any(k => k.Value == normalized))
        {
            return (normalized, null);
        }

        var text = reason.Length > 1000 ? reason[..1000] : reason;
        return options.ReasonCodes.TryGetValue(reason.Trim(), out var mapped) ? (mapped, text) : (options.DefaultReasonCode, text);
    }
}
