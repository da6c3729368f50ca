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
    Func<KciEvent, bool> IsOutcome,
    Func<SampleArguments, CancellationSubmission> Submission)
{
    public static CancellationJob Order { get; } = new(
        "--order-id",
        AllowsSupplier: true,
        DefaultReason: OrderCancellationReasonCode.CustomerChangedMind.Value,
        async (client, args, options, ct) => OutcomeJson.Of(await client.TryCancelServiceOrderAsync(
            new ServiceOrderCancellationRequest { OrderId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text, Supplier = args.Supplier },
            options, ct)),
        (e, id) => e is ServiceOrderCancellationEvent c ? c.OrderId == id : e is ServiceOrderStatusChanged s && s.OrderId == id,
        e => e is ServiceOrderCancellationEvent,
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
        e => e is ServiceProblemCancellationEvent,
        args => CancellationSubmission.ForProblem(
            new ServiceProblemCancellationRequest { ServiceProblemId = args.EntityId, ReasonCode = args.ReasonCode!, Text = args.Text }));
}
