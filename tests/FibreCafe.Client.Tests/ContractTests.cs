using System.Globalization;
using System.Text.Json;
using FibreCafe.Client.Serialization;
using FibreCafe.Tests.Contracts;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Microsoft.OpenApi.Writers;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

/// <summary>The client and contracts/tenant-api.cancellations.yaml must agree.</summary>
public sealed class ContractTests
{
    private static readonly Lazy<OpenApiDocument> Document = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "contracts", "tenant-api.cancellations.yaml"));
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        Assert.Empty(diagnostic.Errors);
        return document;
    });

    [Fact]
    public void The_document_describes_both_operations_headers_security_and_every_response_code()
    {
        var doc = Document.Value;
        foreach (var path in new[] { "/service-order-cancellations", "/service-problem-cancellations" })
        {
            var post = doc.Paths[path].Operations[OperationType.Post];
            Assert.Equal(["X-Request-ID", "X-Conversation-ID"], post.Parameters.Select(p => p.Name));
            Assert.All(post.Parameters, p => Assert.True(p.Required));
            Assert.Equal(["201", "400", "401", "403", "422", "500", "503"], post.Responses.Keys);
        }

        var oauth = doc.Components.SecuritySchemes["oauth2"];
        Assert.Equal(new Uri("https://prod.fibregateway.com/v1/auth/tenant/access-token"), oauth.Flows.ClientCredentials.TokenUrl);
        Assert.Equal(GatewayErrorCode.KnownValues.Select(c => c.Value), doc.Components.Schemas["Error"].Properties["code"].Enum.Select(OpenApiJsonCheck.Text));
        Assert.Equal(CancellationStatus.KnownValues.Select(c => c.Value), doc.Components.Schemas["CancellationStatus"].Enum.Select(OpenApiJsonCheck.Text));
    }

    [Fact]
    public async Task Requests_the_client_sends_validate_against_the_request_schemas()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));
        h.Stub(ProblemPath, () => Json(201, ProblemCreatedJson));

        await h.Client.CancelServiceOrderAsync(OrderRequest());
        await h.Client.CancelServiceOrderAsync(new() { OrderId = 1, ReasonCode = OrderCancellationReasonCode.PurchasedDifferentProduct });
        await h.Client.CancelServiceProblemAsync(new() { ServiceProblemId = 5, ReasonCode = ProblemCancellationReasonCode.IssueResolved, Text = "ok" });

        foreach (var call in h.Calls(OrderPath))
        {
            Assert.Empty(Validate(call.RequestMessage!.Body!, "ServiceOrderCancellationRequest"));
        }

        Assert.Empty(Validate(Assert.Single(h.Calls(ProblemPath)).RequestMessage!.Body!, "ServiceProblemCancellationRequest"));
    }

    [Fact]
    public void The_schema_validator_used_here_does_reject_what_the_gateway_would()
    {
        Assert.Contains(Validate("""{"orderId":0,"reasonCode":"OTHER"}""", "ServiceOrderCancellationRequest"), e => e.Contains("orderId", StringComparison.Ordinal));
        Assert.Contains(Validate("""{"reasonCode":"OTHER"}""", "ServiceOrderCancellationRequest"), e => e.Contains("orderId", StringComparison.Ordinal));
        Assert.Contains(Validate("""{"orderId":1,"reasonCode":"OTHER","extra":1}""", "ServiceOrderCancellationRequest"), e => e.Contains("extra", StringComparison.Ordinal));
        Assert.Contains(Validate("""{"orderId":1,"reasonCode":"OTHER","supplier":"A-B"}""", "ServiceOrderCancellationRequest"), e => e.Contains("supplier", StringComparison.Ordinal));
        Assert.Contains(Validate("""{"serviceProblemId":1,"reasonCode":"OTHR"}""", "ServiceProblemCancellationRequest"), e => e.Contains("reasonCode", StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_examples_deserialize_into_the_models()
    {
        var doc = Document.Value;
        var order = Example(doc.Paths["/service-order-cancellations"].Operations[OperationType.Post].Responses["201"]);
        var problem = Example(doc.Paths["/service-problem-cancellations"].Operations[OperationType.Post].Responses["201"]);

        var orderModel = JsonSerializer.Deserialize(order, FibreCafeJsonContext.Default.ServiceOrderCancellation)!;
        Assert.Equal(234, orderModel.Id);
        Assert.Equal(CancellationStatus.Rejected, orderModel.Status);
        Assert.Equal("A123X-1", orderModel.SupplierReference);
        var problemModel = JsonSerializer.Deserialize(problem, FibreCafeJsonContext.Default.ServiceProblemCancellation)!;
        Assert.Equal(ProblemCancellationReasonCode.CustomerNetworkIssue, problemModel.ReasonCode);

        foreach (var name in new[] { "MalformedRequest", "NotAuthorised", "InvalidRequest", "GatewayFault" })
        {
            var error = JsonSerializer.Deserialize(Example(doc.Components.Responses[name]), FibreCafeJsonContext.Default.GatewayError)!;
            Assert.True(error.Code?.IsKnown);
            Assert.NotEmpty(error.Messages);
        }

        var orderRequest = doc.Paths["/service-order-cancellations"].Operations[OperationType.Post].RequestBody.Content["application/json"].Example;
        var parsed = JsonSerializer.Deserialize(Write(orderRequest), FibreCafeJsonContext.Default.ServiceOrderCancellationRequest)!;
        Assert.Equal(JsonSerializer.Serialize(parsed, FibreCafeJsonContext.Default.ServiceOrderCancellationRequest), Write(orderRequest));
    }

    private static string Example(OpenApiResponse response) => Write(response.Content["application/json"].Example);

    private static string Write(IOpenApiAny any)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        any.Write(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }), OpenApiSpecVersion.OpenApi3_0);
        return text.ToString();
    }

    private static List<string> Validate(string json, string schemaName)
    {
        using var body = JsonDocument.Parse(json);
        return OpenApiJsonCheck.Validate(body.RootElement, Document.Value.Components.Schemas[schemaName]);
    }
}
