using System.Text.Json.Serialization;
using FibreCafe.Client;

namespace FibreCafe.Requests.Serialization;

/// <summary>
/// How a request's body is stored and read back to be sent: the wire types as the gateway reads them (camelCase, nulls
/// left out), source-generated so the stored body is exactly what the client sends.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceOrderCancellationRequest))]
[JsonSerializable(typeof(ServiceProblemCancellationRequest))]
[JsonSerializable(typeof(ServiceOrderCancellation))]
[JsonSerializable(typeof(ServiceProblemCancellation))]
internal sealed partial class RequestsJsonContext : JsonSerializerContext;
