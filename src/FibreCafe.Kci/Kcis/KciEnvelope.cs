using System.Text.Json;
using System.Text.Json.Serialization;
using FibreCafe.Client;
using FibreCafe.Kci.Serialization;

namespace FibreCafe.Kci;

/// <summary>
/// One KCI ("Keep Customer Informed") update as the gateway pushes it to <c>POST /kcis</c>
/// (Tenant Updates API 1.14). Unknown fields are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed record KciEnvelope
{
    /// <summary>Gets the KCI id (a UUID); identical on every re-delivery, so it is the de-duplication key.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the gateway supplier id (<c>^\w{1,20}$</c>), e.g. <c>FIBRECO</c>.</summary>
    public required string Supplier { get; init; }

    /// <summary>Gets the position of this KCI in its entity's history; at least 1.</summary>
    public required long SequenceNumber { get; init; }

    /// <summary>Gets when the supplier issued the update; absent when the gateway itself originated it.</summary>
    public DateTimeOffset? IssuedOn { get; init; }

    /// <summary>Gets when the gateway received the update; absent when the gateway itself originated it.</summary>
    public DateTimeOffset? ReceivedOn { get; init; }

    /// <summary>Gets when the gateway delivered the update to the tenant.</summary>
    public required DateTimeOffset DeliveredOn { get; init; }

    /// <summary>Gets the kind of update, which says whether <see cref="Information"/>, <see cref="Action"/> or <see cref="Error"/> is set.</summary>
    public required KciUpdateType UpdateType { get; init; }

    /// <summary>Gets the information of an <c>INFORMATIONAL</c> update.</summary>
    public KciInformation? Information { get; init; }

    /// <summary>Gets the action of an <c>ACTION_REQUIRED</c> update.</summary>
    public KciAction? Action { get; init; }

    /// <summary>Gets the error of an <c>ERROR</c> update (same shape as the gateway's error body).</summary>
    public GatewayError? Error { get; init; }

    /// <summary>Gets the supplier's notes, if any.</summary>
    public IReadOnlyList<SupplierNote>? SupplierNotes { get; init; }

    /// <summary>Gets the kind of <see cref="Entity"/>.</summary>
    public required KciEntityType EntityType { get; init; }

    /// <summary>
    /// Gets the latest full version of the order, problem or test, as sent; read it typed with
    /// <see cref="GetServiceOrder"/>, <see cref="GetServiceProblem"/> or <see cref="GetServiceTest"/>.
    /// </summary>
    public required JsonElement Entity { get; init; }

    /// <summary>Gets the service order cancellation this update reports on, when the gateway put it next to the entity.</summary>
    public ServiceOrderCancellation? ServiceOrderCancellation { get; init; }

    /// <summary>Gets the service problem cancellation this update reports on, when the gateway put it next to the entity.</summary>
    public ServiceProblemCancellation? ServiceProblemCancellation { get; init; }

    /// <summary>Gets the fields this version of the library does not know, as they arrived.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>Reads <see cref="Entity"/> as a service order when <see cref="EntityType"/> is an order type.</summary>
    /// <returns>The order, or <see langword="null"/> for other entity types.</returns>
    public ServiceOrderEntity? GetServiceOrder() =>
        EntityType.IsServiceOrder ? Entity.Deserialize(KciJsonContext.Default.ServiceOrderEntity) : null;

    /// <summary>Reads <see cref="Entity"/> as a service problem when <see cref="EntityType"/> is <c>SERVICE_PROBLEM</c>.</summary>
    /// <returns>The problem, or <see langword="null"/> for other entity types.</returns>
    public ServiceProblemEntity? GetServiceProblem() =>
        EntityType == KciEntityType.ServiceProblem ? Entity.Deserialize(KciJsonContext.Default.ServiceProblemEntity) : null;

    /// <summary>Reads <see cref="Entity"/> as a service test when <see cref="EntityType"/> is <c>SERVICE_TEST</c>.</summary>
    /// <returns>The test, or <see langword="null"/> for other entity types.</returns>
    public ServiceTestEntity? GetServiceTest() =>
        EntityType == KciEntityType.ServiceTest ? Entity.Deserialize(KciJsonContext.Default.ServiceTestEntity) : null;

    /// <summary>
    /// Finds the service order cancellation this update reports on: next to the entity, else inside it.
    /// The gateway's documentation does not say where it puts it, so both places are accepted.
    /// </summary>
    /// <returns>The cancellation, or <see langword="null"/> when the update carries none.</returns>
    public ServiceOrderCancellation? FindServiceOrderCancellation() => FindServiceOrderCancellation(GetServiceOrder());

    /// <summary>As <see cref="FindServiceOrderCancellation()"/>, with the entity already bound (binding is what costs).</summary>
    internal ServiceOrderCancellation? FindServiceOrderCancellation(ServiceOrderEntity? order) =>
        ServiceOrderCancellation ?? order?.ServiceOrderCancellation;

    /// <summary>Finds the service problem cancellation this update reports on: next to the entity, else inside it.</summary>
    /// <returns>The cancellation, or <see langword="null"/> when the update carries none.</returns>
    public ServiceProblemCancellation? FindServiceProblemCancellation() => FindServiceProblemCancellation(GetServiceProblem());

    /// <summary>As <see cref="FindServiceProblemCancellation()"/>, with the entity already bound.</summary>
    internal ServiceProblemCancellation? FindServiceProblemCancellation(ServiceProblemEntity? problem) =>
        ServiceProblemCancellation ?? problem?.ServiceProblemCancellation;
}
