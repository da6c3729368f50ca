using System.Text.Json.Serialization;
using FibreCafe.Client;

namespace FibreCafe.Benchmarks.Infrastructure;

/// <summary>
/// The floor's own source-generated System.Text.Json context, as a hand-written integration would have:
/// the same wire format as the client's (camelCase, nulls not written), for the same public models.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceOrderCancellationRequest))]
[JsonSerializable(typeof(ServiceOrderCancellation))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
