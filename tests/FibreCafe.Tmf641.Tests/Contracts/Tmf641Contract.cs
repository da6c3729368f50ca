using System.Text.Json;
using FibreCafe.Tests.Contracts;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;

namespace FibreCafe.Tmf641.Tests.Contracts;

/// <summary>
/// Checks JSON against contracts/tmf641.cancel-service-order.yaml (the profile FibreCafe.Tmf641 serves) and
/// against TM Forum's own TMF641 v4.1.0 swagger (contracts/tmf641/). Call <see cref="AssertConforms(JsonElement, string, string)"/>
/// on every response and notification of the package, e.g.
/// <c>AssertConforms(body, "CancelServiceOrder", "CancelServiceOrder")</c> or
/// <c>AssertConforms(notification, "CancelServiceOrderStateChangeEvent", "CancelServiceOrderStateChangeEvent")</c>.
/// For a list, check each item.
/// </summary>
internal static class Tmf641Contract
{
    /// <summary>The media type of every body, both ways (TMF641's consumes and produces).</summary>
    public const string MediaType = "application/json;charset=utf-8";

    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Contract =
        new(() => Read("tmf641.cancel-service-order.yaml"));

    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Specification =
        new(() => Read(Path.Combine("tmf641", "TMF641-ServiceOrdering-v4.1.0.swagger.json")));

    /// <summary>The folder the contracts are copied to (the document's externalValue paths are relative to it).</summary>
    public static string ContractsFolder => Path.Combine(AppContext.BaseDirectory, "contracts");

    public static OpenApiDocument Document => Contract.Value.Document;

    public static OpenApiDiagnostic DocumentDiagnostic => Contract.Value.Diagnostic;

    /// <summary>TM Forum's document, as Microsoft.OpenApi.Readers reads Swagger 2.0: its definitions are the components' schemas.</summary>
    public static OpenApiDocument SpecificationDocument => Specification.Value.Document;

    public static OpenApiDiagnostic SpecificationDiagnostic => Specification.Value.Diagnostic;

    /// <summary>The errors of <paramref name="json"/> against a component schema of the contract; empty when it conforms.</summary>
    public static IReadOnlyList<string> Check(JsonElement json, string contractSchema) =>
        OpenApiJsonCheck.Validate(json, Schema(Document, contractSchema, nameof(contractSchema)));

    /// <summary>The errors of <paramref name="json"/> against a definition of TM Forum's TMF641 v4.1.0; empty when it conforms.</summary>
    public static IReadOnlyList<string> CheckAgainstSpecification(JsonElement json, string definition) =>
        OpenApiJsonCheck.Validate(json, Schema(SpecificationDocument, definition, nameof(definition)));

    /// <summary>Fails, listing every error of both checks, unless <paramref name="json"/> conforms to the contract's schema and the specification's definition.</summary>
    public static void AssertConforms(JsonElement json, string contractSchema, string specificationDefinition)
    {
        var errors = Check(json, contractSchema).Select(e => $"contract {contractSchema}: {e}")
            .Concat(CheckAgainstSpecification(json, specificationDefinition).Select(e => $"TMF641 {specificationDefinition}: {e}"))
            .ToList();
        if (errors.Count > 0)
        {
            Assert.Fail($"The JSON does not conform ({errors.Count} errors):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}{Environment.NewLine}{json}");
        }
    }

    /// <inheritdoc cref="AssertConforms(JsonElement, string, string)"/>
    public static void AssertConforms(string json, string contractSchema, string specificationDefinition)
    {
        using var document = JsonDocument.Parse(json);
        AssertConforms(document.RootElement, contractSchema, specificationDefinition);
    }

    private static OpenApiSchema Schema(OpenApiDocument document, string name, string parameter) =>
        document.Components.Schemas.TryGetValue(name, out var schema)
            ? schema
            : throw new ArgumentException($"No schema {name}; known: {string.Join(", ", document.Components.Schemas.Keys)}.", parameter);

    private static (OpenApiDocument, OpenApiDiagnostic) Read(string relativePath)
    {
        using var stream = File.OpenRead(Path.Combine(ContractsFolder, relativePath));
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        return (document, diagnostic);
    }
}
