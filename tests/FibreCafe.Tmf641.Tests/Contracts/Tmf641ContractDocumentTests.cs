using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Xunit.Sdk;
using static FibreCafe.Tmf641.Tests.Contracts.Tmf641Contract;

namespace FibreCafe.Tmf641.Tests.Contracts;

/// <summary>
/// contracts/tmf641.cancel-service-order.yaml, its examples and TM Forum's TMF641 v4.1.0 swagger must agree, and the
/// checker the package's tests use (<see cref="Tmf641Contract"/>) must be able to fail.
/// </summary>
public sealed class Tmf641ContractDocumentTests
{
    private const string NotInTmf641 = "x-not-in-tmf641";

    private static readonly string[] Events =
        ["cancelServiceOrderCreateEvent", "cancelServiceOrderStateChangeEvent", "cancelServiceOrderInformationRequiredEvent", "serviceOrderStateChangeEvent"];

    public static TheoryData<string, string> Examples
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (file, schema) in ExampleReferences())
            {
                data.Add(file, schema);
            }

            return data;
        }
    }

    [Fact]
    public void The_document_and_the_specification_parse_without_errors()
    {
        Assert.Empty(DocumentDiagnostic.Errors);
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0, DocumentDiagnostic.SpecificationVersion);
        Assert.Empty(SpecificationDiagnostic.Errors);
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi2_0, SpecificationDiagnostic.SpecificationVersion);
        Assert.Equal("4.1.0", SpecificationDocument.Info.Version);
    }

    [Fact]
    public void The_document_describes_exactly_the_operations_the_package_serves_and_their_response_codes()
    {
        string[] expected =
        [
            "DELETE /cancelServiceOrder - 405",
            "DELETE /cancelServiceOrder/{id} - 405",
            "DELETE /hub/{id} unregisterListener 204,404",
            "DELETE /serviceOrder - 405",
            "DELETE /serviceOrder/{id} - 405",
            "GET /cancelServiceOrder listCancelServiceOrder 200,206,400",
            "GET /cancelServiceOrder/{id} retrieveCancelServiceOrder 200,400,404",
            "GET /hub/{id} retrieveListener 200,404",
            "GET /serviceOrder listServiceOrder 200,206,400",
            "GET /serviceOrder/{id} retrieveServiceOrder 200,400,404",
            "PATCH /cancelServiceOrder - 405",
            "PATCH /cancelServiceOrder/{id} - 405",
            "PATCH /serviceOrder - 405",
            "PATCH /serviceOrder/{id} - 405",
            "POST /cancelServiceOrder createCancelServiceOrder 201,400,401,403,409,415,503",
            "POST /hub registerListener 201,400",
            "POST /serviceOrder - 405",
            "POST /serviceOrder/{id} - 405",
        ];

        var actual = Operations(Document.Paths)
            .Select(o => $"{o.Method.ToString().ToUpperInvariant()} {o.Path} {o.Operation.OperationId ?? "-"} {string.Join(",", o.Operation.Responses.Keys)}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_base_path_media_type_and_security_are_the_ones_of_the_brief()
    {
        Assert.Equal("{apiRoot}/tmf-api/serviceOrdering/v4", Assert.Single(Document.Servers).Url);
        Assert.EndsWith("/tmf-api/serviceOrdering/v4", Assert.Single(SpecificationDocument.Servers).Url, StringComparison.Ordinal);
        Assert.All(Operations(Document.Paths).Concat(Callbacks()).SelectMany(o => Media(o.Operation)), m => Assert.Equal(MediaType, m.Key));
        Assert.Contains(MediaType, SpecificationDocument.Paths["/cancelServiceOrder"].Operations[OperationType.Post].RequestBody.Content.Keys);

        var bearer = Document.Components.SecuritySchemes["bearerAuth"];
        Assert.Equal((SecuritySchemeType.Http, "bearer"), (bearer.Type, bearer.Scheme));
        Assert.Equal("bearerAuth", Assert.Single(Assert.Single(Document.SecurityRequirements).Keys).Reference.Id);
    }

    [Fact]
    public void Lists_page_with_the_TMF_headers_creations_give_a_location_and_the_create_takes_an_idempotency_key()
    {
        foreach (var path in new[] { "/cancelServiceOrder", "/serviceOrder" })
        {
            var list = Document.Paths[path].Operations[OperationType.Get];
            Assert.Equal(["fields", "offset", "limit"], list.Parameters.Take(3).Select(p => p.Name));
            foreach (var code in new[] { "200", "206" })
            {
                Assert.Equal(["X-Total-Count", "X-Result-Count"], list.Responses[code].Headers.Keys);
                var array = list.Responses[code].Content[MediaType].Schema;
                Assert.Equal("array", array.Type);
                Assert.Equal(path == "/serviceOrder" ? "ServiceOrder" : "CancelServiceOrder", array.Items.Reference.Id);
            }
        }

        Assert.Equal(
            ["fields", "offset", "limit", "state", "serviceOrder.id", "requestedCancellationDate.gt", "requestedCancellationDate.lt"],
            Document.Paths["/cancelServiceOrder"].Operations[OperationType.Get].Parameters.Select(p => p.Name));
        Assert.Equal(["fields"], Document.Paths["/cancelServiceOrder/{id}"].Operations[OperationType.Get].Parameters.Select(p => p.Name));
        Assert.Equal(["fields"], Document.Paths["/serviceOrder/{id}"].Operations[OperationType.Get].Parameters.Select(p => p.Name));

        var create = Document.Paths["/cancelServiceOrder"].Operations[OperationType.Post];
        var key = Assert.Single(create.Parameters);
        Assert.Equal(("Idempotency-Key", ParameterLocation.Header, false), (key.Name, key.In!.Value, key.Required));
        Assert.Equal("CancelServiceOrder_Create", create.RequestBody.Content[MediaType].Schema.Reference.Id);
        Assert.Contains("Location", create.Responses["201"].Headers.Keys);
        Assert.Contains("Location", Document.Paths["/hub"].Operations[OperationType.Post].Responses["201"].Headers.Keys);
    }

    [Fact]
    public void Every_error_answer_has_an_error_body_and_every_405_an_allow_header()
    {
        var answers = Operations(Document.Paths).SelectMany(o => o.Operation.Responses).Where(r => r.Key[0] is '4' or '5').ToList();

        Assert.All(answers, r => Assert.Equal("Error", r.Value.Content[MediaType].Schema.Reference.Id));
        Assert.All(answers.Where(r => r.Key == "405"), r => Assert.True(r.Value.Headers["Allow"].Required));
        Assert.Equal(10, answers.Count(r => r.Key == "405"));
    }

    [Fact]
    public void Every_operation_is_one_of_the_specification_except_the_documented_extensions()
    {
        var specification = SpecificationDocument.Paths;
        foreach (var (path, method, operation) in Operations(Document.Paths))
        {
            var standard = specification.TryGetValue(path, out var item) && item.Operations.TryGetValue(method, out var theirs) ? theirs : null;
            if (operation.Extensions.ContainsKey(NotInTmf641))
            {
                Assert.True(standard is null, $"{method} {path} is in TMF641: it is not an extension.");
                continue;
            }

            Assert.True(standard is not null, $"{method} {path} is not in TMF641 and not marked {NotInTmf641}.");
            if (operation.OperationId is { } id)
            {
                Assert.Equal(standard!.OperationId, id);
            }
        }

        Assert.Equal(
            ["DELETE /cancelServiceOrder", "DELETE /cancelServiceOrder/{id}", "DELETE /serviceOrder", "GET /hub/{id}", "PATCH /cancelServiceOrder", "PATCH /cancelServiceOrder/{id}", "PATCH /serviceOrder", "POST /serviceOrder/{id}"],
            Operations(Document.Paths).Where(o => o.Operation.Extensions.ContainsKey(NotInTmf641)).Select(o => $"{o.Method.ToString().ToUpperInvariant()} {o.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_four_notifications_are_callbacks_on_the_hub_and_are_the_specifications_listeners()
    {
        var hub = Document.Paths["/hub"].Operations[OperationType.Post];
        Assert.Equal(Events, hub.Callbacks.Keys);

        foreach (var name in Events)
        {
            var (expression, item) = Assert.Single(hub.Callbacks[name].PathItems);
            Assert.Equal($"{{$request.body#/callback}}/listener/{name}", expression.Expression);
            var post = Assert.Single(item.Operations);
            Assert.Equal(OperationType.Post, post.Key);
            Assert.Equal(["2XX"], post.Value.Responses.Keys);

            var theirs = SpecificationDocument.Paths[$"/listener/{name}"].Operations[OperationType.Post];
            Assert.Equal(theirs.OperationId, post.Value.OperationId);
            var eventSchema = char.ToUpperInvariant(name[0]) + name[1..];
            Assert.Equal(eventSchema, post.Value.RequestBody.Content[MediaType].Schema.Reference.Id);
            Assert.Equal(eventSchema, theirs.RequestBody.Content[MediaType].Schema.Reference.Id);
            Assert.Equal([eventSchema], EventTypes(eventSchema));
        }
    }

    [Fact]
    public void TaskStateType_has_the_values_of_the_specification()
    {
        Assert.Equal(["accepted", "terminatedWithError", "inProgress", "done"], Values(Document, "TaskStateType"));
        Assert.Equal(Values(SpecificationDocument, "TaskStateType"), Values(Document, "TaskStateType"));
    }

    [Fact]
    public void ServiceOrderStateType_has_the_values_of_the_specification()
    {
        Assert.Contains("pendingCancellation", Values(Document, "ServiceOrderStateType"));
        Assert.Equal(Values(SpecificationDocument, "ServiceOrderStateType"), Values(Document, "ServiceOrderStateType"));
    }

    [Fact]
    public void A_schema_named_like_a_definition_of_the_specification_declares_only_properties_it_has()
    {
        var compared = new List<string>();
        foreach (var (name, schema) in Document.Components.Schemas)
        {
            var definitionName = schema.Extensions.TryGetValue("x-tmf641-definition", out var named) ? ((OpenApiString)named).Value : name;
            if (!SpecificationDocument.Components.Schemas.TryGetValue(definitionName, out var definition))
            {
                continue;
            }

            var declared = schema.Properties.Keys.Concat(schema.AllOf.Where(part => part.Reference is null).SelectMany(part => part.Properties.Keys));
            Assert.All(declared, property => Assert.True(definition.Properties.ContainsKey(property), $"{name}.{property} is not in TMF641's {definitionName}."));
            compared.Add(name);
        }

        Assert.Superset(
            new HashSet<string> { "CancelServiceOrderCommon", "CancelServiceOrderCommon_Create", "ServiceOrder", "ServiceOrderRef", "ErrorMessage", "Error", "EventSubscription", "EventSubscriptionInput", "Event", "CancelServiceOrderInformationRequiredEvent" },
            compared.ToHashSet());
    }

    [Fact]
    public void Every_object_schema_allows_unknown_properties()
    {
        var objects = Document.Components.Schemas.Values.SelectMany(s => s.AllOf.Append(s)).Where(s => s.Type == "object").ToList();

        Assert.NotEmpty(objects);
        Assert.All(objects, s => Assert.True(s.AdditionalPropertiesAllowed));
    }

    [Fact]
    public void Every_example_file_is_referenced_by_the_document_and_every_reference_exists()
    {
        var onDisk = Directory.GetFiles(Path.Combine(ContractsFolder, "examples", "tmf641"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var referenced = ExampleReferences().Select(r => r.File).Distinct().ToList();

        Assert.All(referenced, file => Assert.StartsWith("examples/tmf641/", file, StringComparison.Ordinal));
        Assert.Equal(onDisk, referenced.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(15, referenced.Count);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_conforms_to_the_contract_and_to_the_specification(string file, string schema)
    {
        AssertConforms(File.ReadAllText(Path.Combine(ContractsFolder, file)), schema, schema);
    }

    [Fact]
    public void The_examples_show_each_task_state_and_both_kinds_of_cancel_service_order()
    {
        var resources = new[] { "accepted", "in-progress", "done", "terminated-with-error" }.Select(s => Example($"cancel-service-order-{s}.json")).ToList();

        Assert.Equal(Values(Document, "TaskStateType").Order(StringComparer.Ordinal), resources.Select(r => (string)r["state"]!).Order(StringComparer.Ordinal));
        Assert.Equal(["CancelServiceOrder", "FibreCafeCancelServiceOrder"], resources.Select(r => (string)r["@type"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["FibreCafeCancelServiceOrder", "CancelServiceOrder"], new[] { "create-request-fibre-cafe.json", "create-request.json" }.Select(f => (string)Example(f)["@type"]!));
    }

    [Fact]
    public void A_cancel_service_order_in_state_acknowledged_fails_the_contract_and_the_specification()
    {
        var resource = Example("cancel-service-order-accepted.json");
        resource["state"] = "acknowledged";

        Assert.Contains("$.state is not one of the enum values", Errors(resource, "CancelServiceOrder"));
        Assert.Contains("$.state is not one of the enum values", SpecificationErrors(resource, "CancelServiceOrder"));
    }

    [Fact]
    public void A_create_request_without_serviceOrder_id_fails_the_contract_and_the_specification()
    {
        foreach (var file in new[] { "create-request.json", "create-request-fibre-cafe.json" })
        {
            var request = Example(file);
            request["serviceOrder"]!.AsObject().Remove("id");

            Assert.Contains("$.serviceOrder.id is required", Errors(request, "CancelServiceOrder_Create"));
            Assert.Contains("$.serviceOrder.id is required", SpecificationErrors(request, "CancelServiceOrder_Create"));
        }

        var withoutOrder = Example("create-request.json");
        withoutOrder.Remove("serviceOrder");
        Assert.Contains(Errors(withoutOrder, "CancelServiceOrder_Create"), e => e.Contains("$.serviceOrder is required", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_without_eventId_fails_the_contract_which_is_stricter_than_the_specification()
    {
        foreach (var (file, schema) in ExampleReferences().Where(r => r.Schema.EndsWith("Event", StringComparison.Ordinal)))
        {
            var notification = Example(Path.GetFileName(file));
            notification.Remove("eventId");

            Assert.Contains("$.eventId is required", Errors(notification, schema));
            Assert.Empty(SpecificationErrors(notification, schema));
        }
    }

    [Fact]
    public void A_notification_carries_the_whole_resource_and_its_own_event_type()
    {
        var projected = Example("event-cancel-service-order-state-change.json");
        projected["event"]!["cancelServiceOrder"] = new JsonObject { ["id"] = "4f7c2d1e-8b3a-4c5d-9e6f-0a1b2c3d4e01", ["href"] = "https://api.tenant.example/x" };
        var errors = Errors(projected, "CancelServiceOrderStateChangeEvent");
        Assert.Contains("$.event.cancelServiceOrder.state is required", errors);
        Assert.Contains("$.event.cancelServiceOrder.serviceOrder is required", errors);

        var mislabelled = Example("event-cancel-service-order-create.json");
        mislabelled["eventType"] = "CancelServiceOrderStateChangeEvent";
        Assert.Contains("$.eventType is not one of the enum values", Errors(mislabelled, "CancelServiceOrderCreateEvent"));

        var withoutPath = Example("event-cancel-service-order-information-required.json");
        withoutPath.Remove("fieldPath");
        Assert.Contains("$.fieldPath is required", Errors(withoutPath, "CancelServiceOrderInformationRequiredEvent"));

        var order = Example("event-service-order-state-change.json");
        order["event"]!["serviceOrder"]!.AsObject().Remove("state");
        Assert.Contains("$.event.serviceOrder.state is required", Errors(order, "ServiceOrderStateChangeEvent"));
    }

    [Fact]
    public void The_fibre_cafe_fields_are_checked_when_the_type_says_fibre_cafe_and_a_callers_own_type_is_a_plain_body()
    {
        var extended = Example("create-request-fibre-cafe.json");
        extended["reasonCode"] = "changed mind";
        extended["supplier"] = "A-B";
        extended["text"] = "";
        var errors = Errors(extended, "CancelServiceOrder_Create");
        Assert.Contains(errors, e => e.StartsWith("$.reasonCode does not match", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.supplier does not match", StringComparison.Ordinal));
        Assert.Contains("$.text has a bad length", errors);

        var plain = Example("create-request.json");
        plain["reasonCode"] = "changed mind";
        Assert.Empty(Errors(plain, "CancelServiceOrder_Create"));

        var foreign = Example("create-request.json");
        foreign["@type"] = "AcmeCancelServiceOrder";
        Assert.Empty(Errors(foreign, "CancelServiceOrder_Create"));
        Assert.Empty(SpecificationErrors(foreign, "CancelServiceOrder_Create"));

        var number = Example("cancel-service-order-accepted.json");
        number["number"] = "42";
        Assert.Contains(Errors(number, "CancelServiceOrder"), e => e.StartsWith("$.number does not match", StringComparison.Ordinal));
    }

    [Fact]
    public void A_projection_needs_only_id_and_href_and_unknown_properties_are_accepted()
    {
        var projection = new JsonObject { ["id"] = "4f7c2d1e-8b3a-4c5d-9e6f-0a1b2c3d4e01", ["href"] = "https://api.tenant.example/tmf-api/serviceOrdering/v4/cancelServiceOrder/4f7c2d1e-8b3a-4c5d-9e6f-0a1b2c3d4e01", ["someExtension"] = new JsonArray(1, 2) };
        Assert.Empty(Errors(projection, "CancelServiceOrder"));
        Assert.Empty(Errors(new JsonObject { ["id"] = "12345", ["href"] = "https://api.tenant.example/tmf-api/serviceOrdering/v4/serviceOrder/12345" }, "ServiceOrder"));

        var stateOnly = Errors(new JsonObject { ["state"] = "done" }, "CancelServiceOrder");
        Assert.Contains(stateOnly, e => e.Contains("$.id is required", StringComparison.Ordinal) && e.Contains("$.href is required", StringComparison.Ordinal));
        Assert.Equal(["$.id is required", "$.href is required"], Errors(new JsonObject { ["state"] = "cancelled" }, "ServiceOrder"));
    }

    [Fact]
    public void Formats_are_checked_uri_uuid_date_time_and_the_fibre_cafe_order_id()
    {
        var resource = Example("cancel-service-order-done.json");
        resource["href"] = "/tmf-api/serviceOrdering/v4/cancelServiceOrder/0b9e8d7c";
        resource["id"] = "CR-000001";
        resource["effectiveCancellationDate"] = "2024-04-11T11:40:01";
        resource["serviceOrder"]!["id"] = "0";
        var errors = Errors(resource, "CancelServiceOrder");

        Assert.Contains("$.href is not an absolute uri", errors);
        Assert.Contains("$.id is not a uuid", errors);
        Assert.Contains("$.effectiveCancellationDate is not a date-time", errors);
        Assert.Contains(errors, e => e.StartsWith("$.serviceOrder.id does not match", StringComparison.Ordinal));
        Assert.Contains("$.href is not an absolute uri", SpecificationErrors(resource, "CancelServiceOrder"));
        Assert.Contains("$.effectiveCancellationDate is not a date-time", SpecificationErrors(resource, "CancelServiceOrder"));

        var subscription = Example("event-subscription-input.json");
        subscription["callback"] = "listener.tenant.example/tmf641";
        Assert.Contains("$.callback is not an absolute uri", Errors(subscription, "EventSubscriptionInput"));

        var error = Example("error.json");
        error.Remove("reason");
        error["status"] = 400;
        Assert.Contains("$.reason is required", Errors(error, "Error"));
        Assert.Contains("$.status is not of type string", Errors(error, "Error"));
        Assert.Contains("$.reason is required", SpecificationErrors(error, "Error"));
    }

    [Fact]
    public void AssertConforms_fails_with_every_error_of_both_documents_listed()
    {
        var resource = Example("cancel-service-order-in-progress.json");
        resource["state"] = "acknowledged";
        resource["href"] = "relative";
        using var json = JsonDocument.Parse(resource.ToJsonString());

        var failure = Assert.Throws<FailException>(() => AssertConforms(json.RootElement, "CancelServiceOrder", "CancelServiceOrder"));

        Assert.Contains("contract CancelServiceOrder: $.state is not one of the enum values", failure.Message, StringComparison.Ordinal);
        Assert.Contains("contract CancelServiceOrder: $.href is not an absolute uri", failure.Message, StringComparison.Ordinal);
        Assert.Contains("TMF641 CancelServiceOrder: $.state is not one of the enum values", failure.Message, StringComparison.Ordinal);
        Assert.Contains("TMF641 CancelServiceOrder: $.href is not an absolute uri", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(4 errors)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_schema_name_is_a_mistake_of_the_caller()
    {
        using var json = JsonDocument.Parse("{}");

        Assert.Throws<ArgumentException>(() => Check(json.RootElement, "CancelServiceOrderz"));
        Assert.Throws<ArgumentException>(() => CheckAgainstSpecification(json.RootElement, "FibreCafeCancelServiceOrder"));
    }

    private static IEnumerable<(string Path, OperationType Method, OpenApiOperation Operation)> Operations(OpenApiPaths paths) =>
        paths.SelectMany(p => p.Value.Operations.Select(o => (p.Key, o.Key, o.Value)));

    private static IEnumerable<(string Path, OperationType Method, OpenApiOperation Operation)> Callbacks() =>
        Operations(Document.Paths)
            .SelectMany(o => o.Operation.Callbacks.Values)
            .SelectMany(c => c.PathItems.SelectMany(p => p.Value.Operations.Select(o => (p.Key.Expression, o.Key, o.Value))));

    private static IEnumerable<KeyValuePair<string, OpenApiMediaType>> Media(OpenApiOperation operation) =>
        (operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>()).Concat(operation.Responses.Values.SelectMany(r => r.Content));

    /// <summary>Every example file the document references, with the component schema of the body it illustrates.</summary>
    private static List<(string File, string Schema)> ExampleReferences() =>
        Operations(Document.Paths).Concat(Callbacks())
            .SelectMany(o => Media(o.Operation).Select(m => m.Value))
            .SelectMany(m => m.Examples.Values.Select(e => (File: e.ExternalValue, Schema: m.Schema.Reference?.Id ?? "(an inline schema)")))
            .Distinct()
            .OrderBy(r => r.File, StringComparer.Ordinal)
            .ToList();

    private static List<string> Values(OpenApiDocument document, string schema) => document.Components.Schemas[schema].Enum.Select(v => ((OpenApiString)v).Value).ToList();

    private static List<string> EventTypes(string eventSchema) =>
        Document.Components.Schemas[eventSchema].AllOf.Where(p => p.Reference is null).Select(p => p.Properties["eventType"]).SelectMany(s => s.Enum).Select(v => ((OpenApiString)v).Value).ToList();

    private static JsonObject Example(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(ContractsFolder, "examples", "tmf641", file)))!.AsObject();

    private static IReadOnlyList<string> Errors(JsonNode json, string schema)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return Check(document.RootElement, schema);
    }

    private static IReadOnlyList<string> SpecificationErrors(JsonNode json, string definition)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return CheckAgainstSpecification(document.RootElement, definition);
    }
}
