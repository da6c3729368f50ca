namespace FibreCafe.Kci;

/// <summary>One KCI in the inbox: its raw body, what it is ordered by, and how far its dispatch got.</summary>
public sealed record KciInboxEntry
{
    /// <summary>Gets the KCI id, the inbox key.</summary>
    public required Guid KciId { get; init; }

    /// <summary>Gets the ordering key: entity type and entity id, e.g. <c>PROVIDE_ORDER:12345</c>.</summary>
    public required string EntityKey { get; init; }

    /// <summary>Gets the KCI's sequence number within its entity.</summary>
    public required long SequenceNumber { get; init; }

    /// <summary>Gets the KCI's entity type.</summary>
    public required KciEntityType EntityType { get; init; }

    /// <summary>Gets the KCI's update type.</summary>
    public required KciUpdateType UpdateType { get; init; }

    /// <summary>Gets the gateway supplier id.</summary>
    public required string Supplier { get; init; }

    /// <summary>Gets when the gateway delivered the KCI, as it says.</summary>
    public required DateTimeOffset DeliveredOn { get; init; }

    /// <summary>Gets when this receiver stored the KCI.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the <c>X-Request-ID</c> of the delivery that stored it.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the <c>X-Conversation-ID</c> of that delivery: the one of the tenant's original request.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Gets the request body exactly as received.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the dispatch state.</summary>
    public KciInboxStatus Status { get; init; } = KciInboxStatus.Pending;

    /// <summary>Gets how many dispatch attempts failed.</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the entry may be dispatched (again); <see langword="null"/> once done or parked.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Gets the last dispatch failure (exception type and message).</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when the entry was done or parked.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the id of the claim that holds the entry, while a dispatcher works on it.</summary>
    public Guid? LeaseId { get; init; }

    /// <summary>Gets when that claim lapses, after which another dispatcher may take the entry.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>
    /// Gets the names of the events dispatching this entry raised, e.g. <c>ServiceOrderCancellationCompleted</c>; empty
    /// until it is done. <see cref="IKciInbox.CompleteAsync"/> stores the claimed entry's value.
    /// </summary>
    public IReadOnlyList<string> ProducedEvents { get; init; } = [];

    /// <summary>Describes the entry without its body.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"KciInboxEntry {{ KciId = {KciId}, EntityKey = {EntityKey}, SequenceNumber = {SequenceNumber}, Status = {Status}, Attempts = {Attempts} }}";
}
