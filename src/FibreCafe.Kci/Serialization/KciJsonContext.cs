using System.Text.Json.Serialization;
using FibreCafe.Client;

namespace FibreCafe.Kci.Serialization;

/// <summary>
/// The source-generated System.Text.Json context for KCIs and the ledger's bodies: camelCase names,
/// nulls not written, unknown properties kept or ignored. Unlike the client's context, numbers must be JSON
/// numbers: the validator checks ids and sequence numbers as numbers, and a binder that also took
/// <c>"-5"</c> would bind what was never validated (the contract and its examples send numbers as numbers).
/// Names still match ignoring case; <see cref="Kcis.KciReader"/> refuses a name given twice.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
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
