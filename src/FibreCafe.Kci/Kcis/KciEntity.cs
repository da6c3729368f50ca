using System.Text.Json;
using System.Text.Json.Serialization;
using FibreCafe.Kci.Serialization;

namespace FibreCafe.Kci;

/// <summary>What every KCI entity (order, problem, test) has in common.</summary>
public abstract record KciEntity
{
    /// <summary>Gets the gateway id of the entity, e.g. the order id.</summary>
    public long Id { get; init; }

    /// <summary>Gets the gateway supplier id.</summary>
    public string? Supplier { get; init; }

    /// <summary>Gets when the entity was created; <see langword="null"/> when absent or not a valid date-time.</summary>
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets when the entity last changed; <see langword="null"/> when absent or not a valid date-time.</summary>
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? Updated { get; init; }

    /// <summary>Gets the fields this version of the library does not name (address, contacts, characteristics, ...), as they arrived.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
