using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests.Processing;
using FibreCafe.Requests.Serialization;
using FibreCafe.Requests.Telemetry;

namespace FibreCafe.Requests.Submission;

/// <summary>
/// <see cref="ICancellationRequests"/> over the receiver's <see cref="ICancellationRequestStore"/>. A submission is
/// checked with the client's own rules, serialized once (the stored body is what is sent), fingerprinted for its
/// idempotency key, stored, and the processing run woken.
/// </summary>
internal sealed class CancellationRequestService(
    ICancellationRequestStore store,
    CancellationProcessingSignal signal,
    RequestsTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<CancellationRequestService> logger) : ICancellationRequests
{
    public Task<CancellationRequest> SubmitAsync(CancellationSubmission submission, CancellationToken cancellationToken = default) =>
        SubmitCoreAsync(submission, (request, ct) => store.AddAsync(request, ct), cancellationToken);

    public Task<CancellationRequest> SubmitInTransactionAsync(CancellationSubmission submission, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return SubmitCoreAsync(submission, (request, ct) => store.AddInTransactionAsync(request, transaction, ct), cancellationToken);
    }

    public Task<CancellationRequest?> GetAsync(Guid id, CancellationToken cancellationToken = default) => store.GetAsync(id, cancellationToken);

    public Task<CancellationRequest?> GetByNumberAsync(long number, CancellationToken cancellationToken = default) => store.GetByNumberAsync(number, cancellationToken);

    public Task<CancellationRequest?> GetByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        store.GetByIdempotencyKeyAsync(idempotencyKey, cancellationToken);

    public Task<CancellationRequest?> GetByCancellationIdAsync(CancellationKind kind, long cancellationId, CancellationToken cancellationToken = default) =>
        store.GetByCancellationIdAsync(kind, cancellationId, cancellationToken);

    public Task<CancellationRequestPage> ListAsync(CancellationRequestQuery query, CancellationToken cancellationToken = default) => store.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<CancellationRequestHistoryEntry>> GetHistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        store.GetHistoryAsync(id, cancellationToken);

    public Task<CancellationRequestStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => store.GetStatisticsAsync(cancellationToken);

    public async Task<CancellationRequest?> RescheduleAsync(Guid id, DateTimeOffset scheduledFor, string? by = null, CancellationToken cancellationToken = default)
    {
        var changed = await OperateAsync(id, "reschedule", r => r.State == CancellationRequestState.Scheduled, by, cancellationToken, (r, now) =>
            (r with { ScheduledFor = scheduledFor, NextAttemptAt = scheduledFor }, FormattableString.Invariant($"rescheduled to {scheduledFor:O}"))).ConfigureAwait(false);
        signal.Notify();
        return changed;
    }

    public Task<CancellationRequest?> WithdrawAsync(Guid id, string? by = null, CancellationToken cancellationToken = default) =>
        OperateAsync(id, "withdraw", r => r.State is CancellationRequestState.Scheduled or CancellationRequestState.Parked, by, cancellationToken, (r, now) =>
            (r with { State = CancellationRequestState.Withdrawn, NextAttemptAt = null, ClosedAt = now }, "withdrawn"));

    public async Task<CancellationRequest?> ResubmitAsync(Guid id, string? by = null, CancellationToken cancellationToken = default)
    {
        var changed = await OperateAsync(id, "resubmit", r => r.State == CancellationRequestState.Parked, by, cancellationToken, (r, now) =>
            (r with { State = CancellationRequestState.Scheduled, NextAttemptAt = now, TransientFailures = 0, ParkReason = null, ReconcileBy = null }, "resubmitted")).ConfigureAwait(false);
        signal.Notify();
        return changed;
    }

    /// <summary>
    /// The SHA-256 of the kind, the body and the metadata (when there is any, so that requests without it keep the
    /// fingerprint they had): the same cancellation submitted twice has the same one.
    /// </summary>
    internal static string Fingerprint(CancellationKind kind, string body, CancellationRequestMetadata? metadata = null) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            metadata is null ? $"{(int)kind}:{body}" : $"{(int)kind}:{body}:{metadata.ToJson()}"))).ToLowerInvariant();

    private async Task<CancellationRequest> SubmitCoreAsync(
        CancellationSubmission submission, Func<CancellationRequest, CancellationToken, Task<CancellationRequestAddResult>> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.IdempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > CancellationSubmission.MaxIdempotencyKeyLength))
        {
            throw new ArgumentException(
                $"IdempotencyKey must be 1 to {CancellationSubmission.MaxIdempotencyKeyLength} characters, not blank.", nameof(submission));
        }

        if ((submission.Order is { } o ? FibreCafeRequestValidation.Validate(o) : FibreCafeRequestValidation.Validate(submission.Problem!)) is { } invalid)
        {
            throw invalid;
        }

        var metadata = CancellationRequestMetadata.From(submission.Metadata);
        using var activity = RequestsTelemetry.Source.StartActivity("CancellationRequest.Submit", ActivityKind.Internal);
        var request = NewRequest(submission, metadata, activity);
        activity?.SetTag("fibrecafe.request.kind", RequestsTelemetry.KindTag(request.Kind));
        activity?.SetTag("fibrecafe.request.target_id", request.TargetId);
        var result = await add(request, cancellationToken).ConfigureAwait(false);
        if (result.ConflictsWith(request))
        {
            throw new CancellationRequestConflictException(submission.IdempotencyKey!, result.Request.Number);
        }

        activity?.SetTag("fibrecafe.request.number", result.Request.Number);
        if (result.Added)
        {
            telemetry.Submitted(request.Kind);
            Log.Submitted(logger, result.Request.Number, request.Kind, request.TargetId, request.ScheduledFor);
            signal.Notify();
        }

        return result.Request;
    }

    private CancellationRequest NewRequest(CancellationSubmission submission, CancellationRequestMetadata? metadata, Activity? activity)
    {
        var now = timeProvider.GetUtcNow();
        var (body, target, reason, text, supplier) = submission.Order is { } order
            ? (JsonSerializer.Serialize(order, RequestsJsonContext.Default.ServiceOrderCancellationRequest), order.OrderId, order.ReasonCode.Value, order.Text, order.Supplier)
            : (JsonSerializer.Serialize(submission.Problem!, RequestsJsonContext.Default.ServiceProblemCancellationRequest),
                submission.Problem!.ServiceProblemId, submission.Problem.ReasonCode.Value, submission.Problem.Text, null);
        var due = submission.ScheduledFor?.ToUniversalTime() ?? now;
        return new CancellationRequest
        {
            Id = Guid.NewGuid(),
            Number = 0,
            Kind = submission.Kind,
            TargetId = target,
            State = CancellationRequestState.Scheduled,
            Priority = submission.Priority,
            IdempotencyKey = submission.IdempotencyKey,
            PayloadHash = Fingerprint(submission.Kind, body, metadata),
            RequestBody = body,
            ReasonCode = reason,
            Text = text,
            Supplier = supplier,
            ConversationId = Guid.NewGuid().ToString("D"),
            TraceParent = activity?.Id,
            ScheduledFor = due,
            NextAttemptAt = due,
            SubmittedBy = submission.SubmittedBy ?? CancellationRequestSubmitter.CurrentProcess(),
            UpdatedBy = submission.SubmittedBy?.User,
            CreatedAt = now,
            UpdatedAt = now,
            Metadata = metadata,
        };
    }

    // An operator's move: allowed only in the states given, decided on the stored row so that it cannot race the run.
    private async Task<CancellationRequest?> OperateAsync(
        Guid id,
        string operation,
        Func<CancellationRequest, bool> allowed,
        string? by,
        CancellationToken cancellationToken,
        Func<CancellationRequest, DateTimeOffset, (CancellationRequest Request, string Cause)> change)
    {
        CancellationRequestState? refusedIn = null;
        var changed = await store.ChangeAsync(id, (current, now) =>
        {
            if (!allowed(current))
            {
                refusedIn = current.State;
                return null;
            }

            refusedIn = null;
            var (next, cause) = change(current, now);
            next = next with { UpdatedAt = now, UpdatedBy = by };
            return new CancellationRequestUpdate(next, new CancellationRequestHistoryEntry { At = now, From = current.State, To = next.State, Cause = cause, By = by });
        }, cancellationToken).ConfigureAwait(false);
        if (refusedIn is { } state)
        {
            throw new InvalidOperationException($"Cannot {operation} cancellation request {id}: it is {state}.");
        }

        return changed;
    }
}
