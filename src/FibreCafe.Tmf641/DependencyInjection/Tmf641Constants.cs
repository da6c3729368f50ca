namespace FibreCafe.Tmf641;

/// <summary>The names, defaults and bounds of the TMF641 front door, each used by the initializer, the validator and the docs.</summary>
public static class Tmf641Constants
{
    /// <summary>The configuration section, under the client's <c>FibreCafe</c>.</summary>
    public const string SectionName = "FibreCafe:Tmf641";

    /// <summary>The base path TM Forum gives the API: <c>/tmf-api/serviceOrdering/v4</c>.</summary>
    public const string DefaultBasePath = "/tmf-api/serviceOrdering/v4";

    /// <summary>The media type of every answer: <c>application/json;charset=utf-8</c>, as the specification writes it.</summary>
    public const string MediaType = "application/json;charset=utf-8";

    /// <summary>The <c>@type</c> of the resources served: the TMF641 resource with the Fibre Cafe fields (<c>number</c>, <c>reasonCode</c>, <c>text</c>, <c>supplier</c>).</summary>
    public const string ExtensionType = "FibreCafeCancelServiceOrder";

    /// <summary>The <c>@type</c> of TMF641's own resource, which the extension sub-classes.</summary>
    public const string BaseType = "CancelServiceOrder";

    /// <summary>The Fibre Cafe reason code sent when a TMF reason maps to no code: <c>OTHER</c>, with the reason as its text.</summary>
    public const string DefaultReasonCode = "OTHER";

    /// <summary>The page size of a list without <c>limit</c>: 50.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest <c>limit</c>: 500 (the request store's largest page).</summary>
    public const int MaxLimit = 500;

    /// <summary>The largest request body read: 64 KiB (a cancellation is a few hundred bytes).</summary>
    public const int DefaultMaxRequestBodyBytes = 64 * 1024;

    /// <summary>The longest <c>Idempotency-Key</c> header accepted: 200 characters.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The process name recorded as the submitter of the requests this API creates.</summary>
    public const string SubmitterProcessName = "tmf641";

    /// <summary>The metadata key that keeps the <c>cancellationReason</c> as the caller gave it.</summary>
    public const string ReasonMetadataKey = "tmf641.cancellationReason";

    /// <summary>The metadata key that keeps the <c>requestedCancellationDate</c> as the caller gave it.</summary>
    public const string RequestedDateMetadataKey = "tmf641.requestedCancellationDate";

    /// <summary>The prefix of the metadata keys of the headers kept (<see cref="Tmf641Options.HeadersToMetadata"/>).</summary>
    public const string HeaderMetadataPrefix = "tmf641.header.";

    /// <summary>The prefix of the idempotency keys this API stores, so that a TMF caller's key never meets another caller's.</summary>
    public const string IdempotencyKeyPrefix = "tmf641:";
}
