using System.Text.Json.Serialization;

namespace FibreCafe.Client.Serialization;

/// <summary>
/// The source-generated System.Text.Json context for the Tenant API models: camelCase names, nulls
/// not written, unknown properties ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ServiceOrderCancellationRequest))]
[JsonSerializable(typeof(ServiceOrderCancellation))]
[JsonSerializable(typeof(ServiceProblemCancellationRequest))]
[JsonSerializable(typeof(ServiceProblemCancellation))]
[JsonSerializable(typeof(GatewayError))]
public sealed partial class FibreCafeJsonContext : JsonSerializerContext;
