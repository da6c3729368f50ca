using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests;

namespace FibreCafe.Samples;

/// <summary>What differs between the order and the problem sample; the rest is <see cref="SampleRunner"/>.</summary>
internal sealed record CancellationJob(
    string IdOption,
    bool AllowsSupplier,
    string DefaultReason,
    Func<IFibreCafeClient, SampleArguments, FibreCafeCallOptions, CancellationToken, Task<(System.Text.Json.Nodes.JsonObject Line, int ExitCode)>> SendAsync,
    Func<KciEvent, long, bool> IsAbout,
    Func<KciEvent, bool> IsFinal,
    Func<SampleArguments, CancellationSubmission> Submission)
{
    /// <summary>Whether <paramref name="kciEvent"/> is the last one the sandbox sends in <paramref name="scenario"/>: the outcome, or (CANCELLATION_PENDING) the pending one.</summary>
    public bool IsOutcome(KciEvent kciEvent, string? scenario) =>
        scenario == FibreCafe.Testing.FibreCafeSandboxScenarios.CancellationPending
            ? kciEvent is ServiceOrderCancellationPending or ServiceProblemCancellationPending
            : IsFinal(kciEvent);

    public static CancellationJob Order { get; } = new(
        "--order-id",
        AllowsSupplier: true,
        DefaultReason: OrderCancellationReasonCode.CustomerChangedMind.Value,
        async (client, args, options, ct) => OutcomeJson.Of(await client.TryCancelServiceOrderAsync(
            new ServiceOrderCancellationRequest { OrderId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text, Supplier = args.Supplier },
            options, ct)),
        (e, id) => e is ServiceOrderCancellationEvent c ? c.OrderId == id : e is ServiceOrderStatusChanged s && s.OrderId == id,
        e => e is ServiceOrderCancellationCompleted or ServiceOrderCancellationRejected or ServiceOrderCancellationFailedToSend,
        args => CancellationSubmission.ForOrder(
            new ServiceOrderCancellationRequest { OrderId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text, Supplier = args.Supplier }));

    public static CancellationJob Problem { get; } = new(
        "--problem-id",
        AllowsSupplier: false,
        DefaultReason: ProblemCancellationReasonCode.IssueResolved.Value,
        async (client, args, options, ct) => OutcomeJson.Of(await client.TryCancelServiceProblemAsync(
            new ServiceProblemCancellationRequest { ServiceProblemId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text },
            options, ct)),
        (e, id) => e is ServiceProblemCancellationEvent c ? c.ServiceProblemId == id : e is ServiceProblemStatusChanged s && s.ServiceProblemId == id,
        e => e is ServiceProblemCancellationCompleted or ServiceProblemCancellationRejected or ServiceProblemCancellationFailedToSend,
        args => CancellationSubmission.ForProblem(
            new ServiceProblemCancellationRequest { ServiceProblemId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text }));
}
