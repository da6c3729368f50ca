namespace FibreCafe.Kci.Dispatch;

/// <summary>Names the handler that failed, for the inbox's <see cref="KciInboxEntry.LastError"/> and the logs.</summary>
internal sealed class KciHandlerException(Type handlerType, Type eventType, Exception innerException)
    : Exception($"{handlerType.Name} failed on {eventType.Name}: {innerException.GetType().Name}: {innerException.Message}", innerException)
{
    public Type HandlerType { get; } = handlerType;
}
