namespace FibreCafe.Kci.Dispatch;

/// <summary>Fills in what every domain event carries about its KCI.</summary>
internal static class KciEventHeader
{
    public static KciEvent Stamp(KciEvent kciEvent, KciMappingInput input) =>
        kciEvent with
        {
            KciId = input.Envelope.Id,
            SequenceNumber = input.Envelope.SequenceNumber,
            Supplier = input.Envelope.Supplier,
            DeliveredOn = input.Envelope.DeliveredOn,
            ConversationId = input.Entry.ConversationId,
            RequestId = input.Entry.RequestId,
            EntityType = input.Envelope.EntityType,
            Envelope = input.Envelope,
        };
}
