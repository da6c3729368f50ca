using System.Text.Json;
using FibreCafe.Kci.Serialization;

namespace FibreCafe.Kci.Kcis;

/// <summary>
/// Reads a KCI body: JSON syntax (400), property names given more than once in an object, ignoring case
/// (422, naming each with its path), required fields (422, naming each field), then binding of the envelope
/// and its typed entity (422 naming the field a value does not fit; numbers must be JSON numbers). With no name
/// given twice, the validator and the binder read the same value of every field. The dispatcher reads the
/// stored body again with the same code, so what was acknowledged can always be dispatched.
/// </summary>
internal static class KciReader
{
    /// <param name="body">The body.</param>
    /// <param name="refuseDuplicateNames">
    /// Whether a name given twice is refused: always at the endpoint; the dispatcher passes <see langword="false"/>, so
    /// that a KCI acknowledged before such bodies were refused is still dispatched (one acknowledged since has none).
    /// </param>
    public static KciParseResult Read(ReadOnlyMemory<byte> body, bool refuseDuplicateNames = true)
    {
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when a value is read, which
        // would surface as a 503 and make the gateway deliver an undeliverable body for ever.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return KciParseResult.Malformed("The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return KciParseResult.Malformed($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return KciParseResult.Malformed("The body must be a JSON object (one KCI).");
            }

            // Before validation: with a name given twice, validation and binding could read different copies.
            if (refuseDuplicateNames && KciDuplicateNames.Find(body.Span) is { } duplicates)
            {
                return KciParseResult.Invalid(duplicates);
            }

            var problems = KciValidator.Validate(root);
            return problems.Count > 0 ? KciParseResult.Invalid(problems) : Bind(root);
        }
    }

    private static KciParseResult Bind(JsonElement root)
    {
        KciEnvelope envelope;
        try
        {
            envelope = root.Deserialize(KciJsonContext.Default.KciEnvelope)!;
        }
        catch (JsonException ex)
        {
            return InvalidField(ex.Path, prefix: null);
        }

        KciEntity? entity;
        try
        {
            // Bind the typed entity now, so that a value it cannot hold is refused while the gateway
            // is still listening, instead of parking the KCI later; the dispatcher uses this one binding.
            entity = envelope.GetServiceOrder() ?? (KciEntity?)envelope.GetServiceProblem() ?? envelope.GetServiceTest();
        }
        catch (JsonException ex)
        {
            return InvalidField(ex.Path, prefix: "entity");
        }

        return KciParseResult.Success(envelope, entity);
    }

    private static KciParseResult InvalidField(string? path, string? prefix)
    {
        var field = path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        field = (prefix, field) switch
        {
            (null, null) => "body",
            (null, _) => field,
            (_, null) => prefix,
            _ => $"{prefix}.{field}",
        };
        return KciParseResult.Invalid([$"{field} has a value of the wrong type or format."]);
    }
}
