using System.Text.Json.Serialization;

namespace FibreCafe.Client.Serialization;

/// <summary>
/// The source-generated System.Text.Json context for the Tenant API models: camelCase names, nulls
/// not written, unknown properties ignored.
/// </summary>
// Internal: the members the JSON source generator emits differ between net8.0 and net10.0, so a public
// context could not keep one stable API baseline.
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
internal sealed partial class FibreCafeJsonContext : JsonSerializerContext;
