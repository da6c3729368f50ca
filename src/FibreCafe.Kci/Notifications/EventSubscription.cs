using System.Text;
using FibreCafe.Kci.Notifications;

namespace FibreCafe.Kci;

/// <summary>
/// A listener registered on an API's hub (<c>POST /hub</c>): where that API's notifications go. One
/// <see cref="IEventSubscriptionStore"/> serves several APIs, told apart by <see cref="Api"/>.
/// </summary>
/// <remarks>
/// A callback URL may carry a secret in its query string or its user-info: <see cref="ToString"/> shows it without
/// either. The store keeps it whole, since it is where notifications are delivered.
/// </remarks>
public sealed record EventSubscription
{
    /// <summary>Gets the subscription's id (the hub's <c>id</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the API the subscription is registered on, e.g. <c>tmf641</c>.</summary>
    public required string Api { get; init; }

    /// <summary>Gets the listener's callback URL, as registered.</summary>
    public required string Callback { get; init; }

    /// <summary>Gets the listener's filter on the events, as registered; <see langword="null"/> for every event.</summary>
    public string? Query { get; init; }

    /// <summary>Gets when the subscription was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", Api = ").Append(Api)
            .Append(", Callback = ").Append(NotificationText.WithoutSecrets(Callback))
            .Append(", Query = ").Append(Query)
            .Append(", CreatedAt = ").Append(CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
