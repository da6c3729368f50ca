using System.Text;
using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci.Kcis;
using FibreCafe.Tests.Contracts;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;

namespace FibreCafe.Kci.Tests.Contracts;

/// <summary>The receiver, contracts/tenant-updates-api.kcis.yaml and contracts/examples/kcis/*.json must agree.</summary>
public sealed class KciContractTests
{
    private static readonly Lazy<OpenApiDocument> Document = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "contracts", "tenant-updates-api.kcis.yaml"));
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        Assert.Empty(diagnostic.Errors);
        return document;
    });

    public static TheoryData<string> Examples => new(TestKcis.ExampleNames);

    private static OpenApiOperation HandleKci => Document.Value.Paths["/kcis"].Operations[OperationType.Post];

    private static OpenApiSchema Schema(string name) => Document.Value.Components.Schemas[name];

    private static IEnumerable<string> Extensible(OpenApiSchema schema) =>
        ((OpenApiArray)schema.Extensions["x-extensible-enum"]).Select(v => ((OpenApiString)v).Value);

    [Fact]
    public void The_document_describes_handle_kci_its_headers_and_every_response_code_the_endpoint_gives()
    {
        Assert.Equal("handleKci", HandleKci.OperationId);
        Assert.Equal(["X-Request-ID", "X-Conversation-ID"], HandleKci.Parameters.Select(p => p.Name));
        Assert.Equal(["204", "400", "401", "403", "413", "422", "503"], HandleKci.Responses.Keys);
        Assert.All(HandleKci.Responses.Where(r => r.Key != "204"), r => Assert.Same(Schema("Error"), r.Value.Content["application/json"].Schema));
    }

    [Fact]
    public void The_documented_values_are_the_ones_the_library_knows()
    {
        var kci = Schema("Kci");
        Assert.Equal(KciUpdateType.KnownValues.Select(v => v.Value), Extensible(kci.Properties["updateType"]));
        Assert.Equal(KciEntityType.KnownValues.Select(v => v.Value), Extensible(kci.Properties["entityType"]));
        Assert.Equal(KciInformationType.KnownValues.Select(v => v.Value), Extensible(Schema("Information").Properties["type"]));
        Assert.Equal(KciActionType.KnownValues.Select(v => v.Value), Extensible(Schema("Action").Properties["type"]));
        Assert.Equal(ServiceOrderStatus.KnownValues.Select(v => v.Value), Extensible(Schema("ServiceOrder").Properties["status"]));
        Assert.Equal(ServiceProblemStatus.KnownValues.Select(v => v.Value), Extensible(Schema("ServiceProblem").Properties["status"]));
        Assert.Equal(ServiceTestStatus.KnownValues.Select(v => v.Value), Extensible(Schema("ServiceTest").Properties["status"]));
        Assert.Equal(CancellationStatus.KnownValues.Select(v => v.Value), Extensible(Schema("CancellationStatus")));
        Assert.Equal(GatewayErrorCode.KnownValues.Select(v => v.Value), Extensible(Schema("Error").Properties["code"]));
    }

    [Fact]
    public void The_required_fields_of_the_document_are_the_ones_the_receiver_requires()
    {
        var kci = TestKcis.Order();
        foreach (var field in Schema("Kci").Required)
        {
            var without = kci.DeepClone().AsObject();
            without.Remove(field);

            var result = KciReader.Read(Encoding.UTF8.GetBytes(without.ToJsonString()));

            Assert.Contains($"{field} is required.", result.Messages);
        }
    }

    [Fact]
    public void Every_example_file_is_in_the_document_and_every_example_of_the_document_exists()
    {
        var referenced = HandleKci.RequestBody.Content["application/json"].Examples.Values.Select(e => Path.GetFileName(e.ExternalValue)).Order();

        Assert.Equal(TestKcis.ExampleNames, referenced);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_accepted_by_the_receiver(string example)
    {
        var result = KciReader.Read(Encoding.UTF8.GetBytes(TestKcis.Example(example)));

        Assert.True(result.IsValid, string.Join(" ", result.Messages));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_validates_against_the_document(string example)
    {
        using var json = JsonDocument.Parse(TestKcis.Example(example));

        Assert.Empty(OpenApiJsonCheck.Validate(json.RootElement, Schema("Kci")));
    }

    [Fact]
    public void The_schema_check_finds_what_it_should()
    {
        using var json = JsonDocument.Parse("""{"id":"x","supplier":"A B","sequenceNumber":0,"deliveredOn":"today","updateType":1,"entityType":"PROVIDE_ORDER"}""");

        var errors = OpenApiJsonCheck.Validate(json.RootElement, Schema("Kci"));

        Assert.Contains("$.entity is required", errors);
        Assert.Contains(errors, e => e.StartsWith("$.supplier does not match", StringComparison.Ordinal));
        Assert.Contains("$.sequenceNumber is below 1", errors);
        Assert.Contains("$.deliveredOn is not a date-time", errors);
        Assert.Contains("$.updateType is not of type string", errors);
    }

    [Fact]
    public void The_real_examples_keep_the_gateways_own_quirks()
    {
        var cease = KciReader.Read(Encoding.UTF8.GetBytes(TestKcis.Example("unsolicited-cease-created.json"))).Envelope!.GetServiceOrder()!;

        Assert.Equal("2024-04-012T00:00:00Z", cease.RequestedCeaseDate);
        Assert.Equal(12345, cease.Id);
    }
}
