using FibreCafe.Client;
using FibreCafe.Kci;

namespace FibreCafe.Requests;

/// <summary>
/// A cancellation to submit as a durable request, and how: when (<see cref="ScheduledFor"/>), how urgently
/// (<see cref="Priority"/>), under which <see cref="IdempotencyKey"/>, by whom (<see cref="SubmittedBy"/>).
/// Made with <see cref="ForOrder"/> or <see cref="ForProblem"/>.
/// </summary>
public sealed record CancellationSubmission
{
    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    private CancellationSubmission(ServiceOrderCancellationRequest? order, ServiceProblemCancellationRequest? problem)
    {
        Order = order;
        Problem = problem;
    }

    /// <summary>Gets the order cancellation, for <see cref="ForOrder"/>.</summary>
    public ServiceOrderCancellationRequest? Order { get; }

    /// <summary>Gets the service problem cancellation, for <see cref="ForProblem"/>.</summary>
    public ServiceProblemCancellationRequest? Problem { get; }

    /// <summary>Gets what it cancels.</summary>
    public CancellationKind Kind => Order is not null ? CancellationKind.ServiceOrder : CancellationKind.ServiceProblem;

    /// <summary>Gets when it is due; <see langword="null"/> (the default) for now. A time in the past is due at once.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>Gets the priority: express requests due at the same time go first.</summary>
    public CancellationRequestPriority Priority { get; init; }

    /// <summary>
    /// Gets the caller's key for this cancellation: submitting again under the same key returns the stored request and
    /// adds none; a different cancellation under a used key is refused (<see cref="CancellationRequestConflictException"/>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets who submits it; <see cref="CancellationRequestSubmitter.CurrentProcess"/> when <see langword="null"/>.</summary>
    public CancellationRequestSubmitter? SubmittedBy { get; init; }

    /// <summary>
    /// Gets the caller's own key-value pairs, kept with the request and never sent to the gateway (limits in
    /// <see cref="CancellationRequestMetadata"/>). They are part of the cancellation an idempotency key stands for.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A submission of an order cancellation.</summary>
    /// <param name="request">The cancellation.</param>
    /// <returns>The submission.</returns>
    public static CancellationSubmission ForOrder(ServiceOrderCancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request, null);
    }

    /// <summary>A submission of a service problem cancellation.</summary>
    /// <param name="request">The cancellation.</param>
    /// <returns>The submission.</returns>
    public static CancellationSubmission ForProblem(ServiceProblemCancellationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(null, request);
    }
}
