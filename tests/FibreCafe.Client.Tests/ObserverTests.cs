using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class ObserverTests
{
    [Fact]
    public async Task Observers_hear_of_each_created_cancellation_and_of_nothing_else()
    {
        var recording = new RecordingObserver();
        await using var h = Create(services: s => s.AddSingleton<IFibreCafeCancellationObserver>(recording));
        h.StubSequence(OrderPath, () => Json(201, OrderCreatedJson), () => Error(422, "INVALID_REQUEST"));
        h.Stub(ProblemPath, () => Json(201, ProblemCreatedJson));

        var order = await h.Client.CancelServiceOrderAsync(OrderRequest());
        await h.Client.TryCancelServiceOrderAsync(OrderRequest());
        await h.Client.TryCancelServiceOrderAsync(OrderRequest(orderId: 0));
        var problem = await h.Client.CancelServiceProblemAsync(new() { ServiceProblemId = 123, ReasonCode = "ISSUE_RESOLVED" });

        Assert.Equal([$"order {order.Value.Id} {order.RequestId}", $"problem {problem.Value.Id} {problem.RequestId}"], recording.Seen);
    }

    [Fact]
    public async Task A_failing_observer_is_logged_and_does_not_fail_the_created_cancellation()
    {
        var recording = new RecordingObserver();
        await using var h = Create(services: s => s
            .AddSingleton<IFibreCafeCancellationObserver>(new ThrowingObserver())
            .AddSingleton<IFibreCafeCancellationObserver>(recording));
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Single(recording.Seen);
        var error = Assert.Single(h.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(nameof(ThrowingObserver), error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.Exception);
    }

    private sealed class RecordingObserver : IFibreCafeCancellationObserver
    {
        public List<string> Seen { get; } = [];

        public Task OnServiceOrderCancellationCreatedAsync(ServiceOrderCancellationRequest request, FibreCafeResponse<ServiceOrderCancellation> response, CancellationToken cancellationToken)
        {
            Seen.Add($"order {response.Value.Id} {response.RequestId}");
            return Task.CompletedTask;
        }

        public Task OnServiceProblemCancellationCreatedAsync(ServiceProblemCancellationRequest request, FibreCafeResponse<ServiceProblemCancellation> response, CancellationToken cancellationToken)
        {
            Seen.Add($"problem {response.Value.Id} {response.RequestId}");
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingObserver : IFibreCafeCancellationObserver
    {
        public Task OnServiceOrderCancellationCreatedAsync(ServiceOrderCancellationRequest request, FibreCafeResponse<ServiceOrderCancellation> response, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("ledger down");

        public Task OnServiceProblemCancellationCreatedAsync(ServiceProblemCancellationRequest request, FibreCafeResponse<ServiceProblemCancellation> response, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("ledger down");
    }
}
