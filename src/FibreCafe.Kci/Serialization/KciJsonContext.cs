using System.Text.Json.Serialization;
using FibreCafe.Client;

namespace FibreCafe.Kci.Serialization;

/// <summary>
/// The source-generated System.Text.Json context for KCIs and the ledger's bodies: camelCase names,
/// nulls not written, unknown properties kept or ignored, the same settings as the client's context.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(KciEnvelope))]
[JsonSerializable(typeof(ServiceOrderEntity))]
[JsonSerializable(typeof(ServiceProblemEntity))]
[JsonSerializable(typeof(ServiceTestEntity))]
[JsonSerializable(typeof(GatewayError))]
[JsonSerializable(typeof(ServiceOrderCancellationRequest))]
[JsonSerializable(typeof(ServiceOrderCancellation))]
[JsonSerializable(typeof(ServiceProblemCancellationRequest))]
[JsonSerializable(typeof(ServiceProblemCancellation))]
internal sealed partial class KciJsonContext : JsonSerializerContext;
