using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Dispatch;

/// <summary>
/// Calls, in registration order, every <see cref="IKciEventHandler{TEvent}"/> of the event's type and
/// then every catch-all <c>IKciEventHandler&lt;KciEvent&gt;</c>, resolved from the KCI's DI scope.
/// </summary>
internal sealed class ScopedKciEventSink(IServiceProvider services) : IKciEventSink
{
    public async Task PublishAsync<TEvent>(TEvent kciEvent, CancellationToken cancellationToken)
        where TEvent : KciEvent
    {
        foreach (var handler in services.GetServices<IKciEventHandler<TEvent>>())
        {
            await InvokeAsync(handler, kciEvent, cancellationToken).ConfigureAwait(false);
        }

        if (typeof(TEvent) != typeof(KciEvent))
        {
            foreach (var handler in services.GetServices<IKciEventHandler<KciEvent>>())
            {
                await InvokeAsync(handler, kciEvent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task InvokeAsync<TEvent>(IKciEventHandler<TEvent> handler, TEvent kciEvent, CancellationToken cancellationToken)
        where TEvent : KciEvent
    {
        try
        {
            await handler.HandleAsync(kciEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new KciHandlerException(handler.GetType(), kciEvent.GetType(), ex);
        }
    }
}
