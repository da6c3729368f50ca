using System.Text.Json;
using System.Text.Json.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>action</c> object of an <c>ACTION_REQUIRED</c> KCI: what the tenant must do.</summary>
public sealed record KciAction
{
    /// <summary>Gets what the tenant must do, e.g. <c>RESUBMIT</c>.</summary>
    public KciActionType Type { get; init; }

    /// <summary>Gets the gateway's problem code, when there is one.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the supplier's explanation, e.g. why a cancellation was rejected.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the supplier's own code, when there is one.</summary>
    public string? SupplierCode { get; init; }

    /// <summary>Gets the fields this version of the library does not know, as they arrived.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
