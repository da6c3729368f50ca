using System.Text.Json;
using System.Text.Json.Serialization;

namespace FibreCafe.Kci;

/// <summary>The <c>information</c> object of an <c>INFORMATIONAL</c> KCI.</summary>
public sealed record KciInformation
{
    /// <summary>Gets what happened, e.g. <c>ACKNOWLEDGED</c> or <c>CANCELLED</c>.</summary>
    public KciInformationType Type { get; init; }

    /// <summary>Gets the gateway's problem code, e.g. <c>CUSTOMER_CHANGED_MIND</c>, when there is one.</summary>
    public string? Code { get; init; }

    /// <summary>Gets the supplier's explanation, when there is one.</summary>
    public string? Text { get; init; }

    /// <summary>Gets the supplier's own code, when there is one.</summary>
    public string? SupplierCode { get; init; }

    /// <summary>Gets the fields this version of the library does not know, as they arrived.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
