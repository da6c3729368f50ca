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

    /// <summary>The longest <c>Idempotency-Key</c> header accepted: 193 characters (the request's 200, less <see cref="IdempotencyKeyPrefix"/>).</summary>
    public const int MaxIdempotencyKeyLength = 200 - 7;

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

    /// <summary>The API name of the hub's subscriptions in the store.</summary>
    public const string HubApi = "tmf641";

    /// <summary>The name of the HTTP client that delivers notifications.</summary>
    public const string ListenerClientName = "FibreCafe.Tmf641.Listeners";

    /// <summary>The TMF <c>domain</c> of the events.</summary>
    public const string EventDomain = "serviceOrdering";

    /// <summary>How many attempts a notification gets before it is parked: 10 (with the default delays, about 14 minutes).</summary>
    public const int DefaultMaxDeliveryAttempts = 10;

    /// <summary>The first retry's delay: 2 seconds.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay between two attempts: 5 minutes.</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>How long one delivery may take: 10 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the feed and the delivery look for work: 1 second.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How many notifications one instance delivers at once: 8.</summary>
    public const int DefaultMaxConcurrentDeliveries = 8;

    /// <summary>How long a gap in the feed is waited for: 10 seconds, far beyond a transaction's commit.</summary>
    public static readonly TimeSpan DefaultFeedGapTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a delivery's lease lasts: 1 minute, beyond the attempt timeout's bound.</summary>
    public static readonly TimeSpan DeliveryLeaseDuration = TimeSpan.FromMinutes(1);

    /// <summary>How long a delivered notification is kept: 7 days, as a dispatched KCI is.</summary>
    public static readonly TimeSpan DefaultDeliveredRetention = TimeSpan.FromDays(7);

    /// <summary>How often delivered notifications past their retention are deleted: every hour.</summary>
    public static readonly TimeSpan DefaultCleanupInterval = TimeSpan.FromHours(1);
}
