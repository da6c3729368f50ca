using FibreCafe.Client;
using FibreCafe.Kci;

namespace FibreCafe.Requests.Processing;

/// <summary>What one attempt ended with, in the terms the processing run acts on.</summary>
internal abstract record AttemptOutcome(string Tag)
{
    /// <summary>201: the gateway has the cancellation.</summary>
    public sealed record Created(long CancellationId, string? SupplierReference, CancellationStatus Status, string ResponseBody, int HttpStatus) : AttemptOutcome("created");

    /// <summary>400 or 422, or the client's own check: the gateway will never take it as it is.</summary>
    public sealed record Refused(int? HttpStatus, string? Code, string Message, string? ErrorUuid, string? ResponseBody) : AttemptOutcome("refused");

    /// <summary>The gateway did not act (408, 429, 502–504, no connection, no token): safe to send again later.</summary>
    public sealed record Transient(int? HttpStatus, string Failure, TimeSpan? RetryAfter, string? ResponseBody) : AttemptOutcome("transient");

    /// <summary>The gateway may have acted (500, attempt timeout, connection dropped after sending): never resent on its own.</summary>
    public sealed record Ambiguous(int? HttpStatus, string Failure, string? ResponseBody) : AttemptOutcome("ambiguous");

    /// <summary>An answer the run does not retry and that is not a refusal (403, a redirect, 404, 409): parked for an operator.</summary>
    public sealed record Unexpected(int? HttpStatus, string Failure, string? ResponseBody) : AttemptOutcome("parked");

    /// <summary>Classifies what the client threw. Anything it does not know is treated as ambiguous: resending blindly is the one thing never done.</summary>
    public static AttemptOutcome Of(Exception exception) => exception switch
    {
        FibreCafeValidationException v => new Refused(null, "VALIDATION", $"{v.Field}: {v.Reason}", null, null),
        FibreCafeInvalidRequestException r => new Refused(r.Status, r.Code?.Value, Describe(r), r.ErrorUuid, r.ResponseBody),
        FibreCafeUnavailableException { MayHaveBeenProcessed: true } u => new Ambiguous(u.Status, Describe(u), u.ResponseBody),
        FibreCafeUnavailableException u => new Transient(u.Status, Describe(u), u.RetryAfter, u.ResponseBody),
        FibreCafeAuthenticationException a => new Transient(a.Status, Describe(a), null, null), // nothing was sent; fixed credentials send it later
        FibreCafeResponseTooLargeException t => new Ambiguous(t.Status, Describe(t), null),
        FibreCafeApiException e => new Unexpected(e.Status, Describe(e), e.ResponseBody),
        _ => new Ambiguous(null, $"{exception.GetType().Name}: {exception.Message}", null),
    };

    private static string Describe(FibreCafeApiException e) =>
        e.Messages.Count > 0 ? string.Join("\n", e.Messages) : e.Message;
}
