using System.Text.RegularExpressions;

namespace FibreCafe.Client.Validation;

/// <summary>
/// The gateway's field rules, checked before anything is sent so that a bad request fails fast and
/// names its field. Reason codes are checked by shape, not by list, so codes the gateway adds later
/// can be sent (see README, "Reason code bounds").
/// </summary>
internal static partial class CancellationRequestValidator
{
    public const int MaxTextLength = 1000;

    public static FibreCafeValidationException? Validate(ServiceOrderCancellationRequest request, FibreCafeCorrelation? correlation) =>
        Check(request.Supplier is not null && !SupplierPattern().IsMatch(request.Supplier), "supplier",
                "must match ^\\w{1,20}$ (1 to 20 letters, digits or underscores).", correlation)
        ?? Check(request.OrderId < 1, "orderId", "must be at least 1.", correlation)
        ?? Check(!OrderReasonPattern().IsMatch(request.ReasonCode.Value), "reasonCode",
                "must be 1 to 30 of A-Z and '_' (e.g. CUSTOMER_CHANGED_MIND).", correlation)
        ?? CheckText(request.Text, correlation);

    public static FibreCafeValidationException? Validate(ServiceProblemCancellationRequest request, FibreCafeCorrelation? correlation) =>
        Check(request.ServiceProblemId < 1, "serviceProblemId", "must be at least 1.", correlation)
        ?? Check(!ProblemReasonPattern().IsMatch(request.ReasonCode.Value), "reasonCode",
                "must be 5 to 50 of A-Z and '_' (e.g. ISSUE_RESOLVED).", correlation)
        ?? CheckText(request.Text, correlation);

    // The reason names the length, so it is built only for a text that fails, not on every call.
    private static FibreCafeValidationException? CheckText(string? text, FibreCafeCorrelation? correlation) =>
        text is not null && text.Length is < 1 or > MaxTextLength
            ? new FibreCafeValidationException("text", $"must be 1 to {MaxTextLength} characters when present (was {text.Length}).", correlation)
            : null;

    private static FibreCafeValidationException? Check(bool invalid, string field, string reason, FibreCafeCorrelation? correlation) =>
        invalid ? new FibreCafeValidationException(field, reason, correlation) : null;

    // ECMAScript: \w is [A-Za-z0-9_] as on the gateway, not every Unicode letter as in .NET's default.
    [GeneratedRegex(@"^\w{1,20}$", RegexOptions.ECMAScript)]
    private static partial Regex SupplierPattern();

    // The tenant page documents {1,25}, which rejects its own PURCHASED_DIFFERENT_PRODUCT (27);
    // the supplier leg documents {1,30}, which accepts every listed code.
    [GeneratedRegex("^[A-Z_]{1,30}$")]
    private static partial Regex OrderReasonPattern();

    [GeneratedRegex("^[A-Z_]{5,50}$")]
    private static partial Regex ProblemReasonPattern();
}
