namespace FibreCafe.Kci.Kcis;

/// <summary>
/// The key KCIs are ordered by: <c>entityType:entityId</c>, e.g. <c>PROVIDE_ORDER:12345</c>; for an
/// unsolicited cease it is the entity id too. An unknown entity type without an id is ordered on its own.
/// </summary>
internal static class KciEntityKey
{
    public static string Of(KciEnvelope envelope) =>
        KciJson.GetScalarText(envelope.Entity, "id") is { Length: > 0 } id
            ? $"{envelope.EntityType.Value}:{id}"
            : $"{envelope.EntityType.Value}:kci-{envelope.Id:D}";
}
