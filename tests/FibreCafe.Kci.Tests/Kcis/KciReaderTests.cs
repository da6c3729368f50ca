using System.Text;
using System.Text.Json.Nodes;
using FibreCafe.Client;
using FibreCafe.Kci.Kcis;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Kcis;

public class KciReaderTests
{
    private static KciParseResult Read(string body) => KciReader.Read(Encoding.UTF8.GetBytes(body));

    private static KciParseResult Read(JsonNode body) => Read(body.ToJsonString());

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"id\": }")]
    [InlineData("not json")]
    [InlineData("{\"id\":\"a\"} trailing")]
    public void Unparseable_json_is_malformed(string body)
    {
        var result = Read(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(GatewayErrorCode.MalformedRequest, result.ErrorCode);
    }

    [Theory]
    [InlineData("supplier")]
    [InlineData("id")]
    public void Invalid_utf8_inside_a_string_is_malformed_not_a_store_failure(string field)
    {
        var valid = Encoding.UTF8.GetBytes(TestKcis.Order().ToJsonString());
        var marker = Encoding.UTF8.GetBytes($"\"{field}\":\"");
        var at = valid.AsSpan().IndexOf(marker) + marker.Length;
        var body = valid.ToArray();
        body[at] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        body[at + 1] = (byte)'(';

        var result = KciReader.Read(body);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(GatewayErrorCode.MalformedRequest, result.ErrorCode);
        Assert.Contains("UTF-8", Assert.Single(result.Messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"kci\"")]
    [InlineData("null")]
    public void Json_that_is_not_an_object_is_malformed(string body) => Assert.Equal(400, Read(body).StatusCode);

    [Theory]
    [InlineData("id", "id is required.")]
    [InlineData("supplier", "supplier is required.")]
    [InlineData("sequenceNumber", "sequenceNumber is required.")]
    [InlineData("deliveredOn", "deliveredOn is required.")]
    [InlineData("updateType", "updateType is required.")]
    [InlineData("entityType", "entityType is required.")]
    [InlineData("entity", "entity is required.")]
    public void A_missing_required_field_is_invalid_and_named(string field, string message)
    {
        var kci = TestKcis.Order();
        kci.Remove(field);

        var result = Read(kci);

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(GatewayErrorCode.InvalidRequest, result.ErrorCode);
        Assert.Contains(message, result.Messages);
    }

    [Theory]
    [InlineData("id", "\"not-a-uuid\"", "id must be a UUID")]
    [InlineData("id", "42", "id must be a non-empty string.")]
    [InlineData("supplier", "\"FIBRE CO!\"", "supplier must match")]
    [InlineData("sequenceNumber", "0", "sequenceNumber must be an integer of at least 1.")]
    [InlineData("sequenceNumber", "-3", "sequenceNumber must be an integer of at least 1.")]
    [InlineData("sequenceNumber", "1.5", "sequenceNumber must be an integer of at least 1.")]
    [InlineData("sequenceNumber", "\"7\"", "sequenceNumber must be an integer of at least 1.")]
    [InlineData("deliveredOn", "\"yesterday\"", "deliveredOn must be an ISO 8601 date-time")]
    [InlineData("issuedOn", "\"2024-13-45\"", "issuedOn must be an ISO 8601 date-time")]
    [InlineData("entity", "[]", "entity must be an object.")]
    [InlineData("updateType", "\"\"", "updateType must be a non-empty string.")]
    public void An_invalid_field_is_invalid_and_named(string field, string json, string message)
    {
        var kci = TestKcis.Order();
        kci[field] = JsonNode.Parse(json);

        var result = Read(kci);

        Assert.Equal(422, result.StatusCode);
        Assert.Contains(result.Messages, m => m.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Null_counts_as_missing()
    {
        var kci = TestKcis.Order();
        kci["sequenceNumber"] = null;

        Assert.Contains("sequenceNumber is required.", Read(kci).Messages);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Read("{}");

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(7, result.Messages.Count);
    }

    [Theory]
    [InlineData("INFORMATIONAL", "information")]
    [InlineData("ACTION_REQUIRED", "action")]
    [InlineData("ERROR", "error")]
    public void The_object_of_a_known_update_type_is_required(string updateType, string field)
    {
        var kci = TestKcis.Order(updateType: updateType);
        kci.Remove(field);

        var result = Read(kci);

        Assert.Equal(422, result.StatusCode);
        Assert.Contains($"{field} is required (an object) when updateType is {updateType}.", result.Messages);
    }

    [Fact]
    public void The_type_of_the_information_is_required()
    {
        var kci = TestKcis.Order();
        kci["information"] = new JsonObject { ["text"] = "no type" };

        Assert.Contains("information.type is required (a string) when updateType is INFORMATIONAL.", Read(kci).Messages);
    }

    [Fact]
    public void The_entity_id_of_a_known_entity_type_is_required()
    {
        var kci = TestKcis.Order();
        kci["entity"]!.AsObject().Remove("id");

        Assert.Contains("entity.id is required.", Read(kci).Messages);
    }

    [Fact]
    public void A_cancellation_object_without_an_id_is_invalid_wherever_it_is()
    {
        var kci = TestKcis.Order();
        kci["serviceOrderCancellation"] = new JsonObject { ["status"] = "COMPLETED" };
        kci["entity"]!["serviceOrderCancellation"] = new JsonObject { ["id"] = 0 };

        var messages = Read(kci).Messages;

        Assert.Contains("serviceOrderCancellation.id is required.", messages);
        Assert.Contains("entity.serviceOrderCancellation.id must be an integer of at least 1.", messages);
    }

    [Fact]
    public void A_value_of_the_wrong_type_in_an_optional_field_is_invalid_and_named()
    {
        var kci = TestKcis.Order();
        kci["supplierNotes"] = "not an array";

        var result = Read(kci);

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(["supplierNotes has a value of the wrong type or format."], result.Messages);
    }

    [Fact]
    public void A_value_of_the_wrong_type_inside_the_entity_is_named_with_its_entity_path()
    {
        var kci = TestKcis.Order();
        kci["entity"]!["status"] = 5;

        var result = Read(kci);

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(["entity.status has a value of the wrong type or format."], result.Messages);
    }

    [Fact]
    public void Unknown_fields_entity_types_and_enum_values_are_accepted_and_kept()
    {
        var kci = TestKcis.Order(status: "PARTIALLY_TELEPORTED", informationType: "QUANTUM_UPDATE", entityType: "PROVIDE_ETHERNET_ORDER");
        kci["updateType"] = "INFORMATIONAL";
        kci["futureField"] = new JsonObject { ["x"] = 1 };
        kci["entity"]!["newEntityField"] = "kept";
        kci["information"]!["newInformationField"] = true;

        var result = Read(kci);

        Assert.True(result.IsValid, string.Join(" ", result.Messages));
        var envelope = result.Envelope!;
        Assert.False(envelope.EntityType.IsKnown);
        Assert.Equal("PROVIDE_ETHERNET_ORDER", envelope.EntityType.Value);
        Assert.Equal("QUANTUM_UPDATE", envelope.Information!.Type.Value);
        Assert.True(envelope.AdditionalProperties!.ContainsKey("futureField"));
        Assert.True(envelope.Information.AdditionalProperties!.ContainsKey("newInformationField"));
        Assert.Equal("kept", envelope.Entity.GetProperty("newEntityField").GetString());
    }

    [Fact]
    public void An_unknown_update_type_needs_no_object()
    {
        var kci = TestKcis.Order();
        kci["updateType"] = "ADVISORY";
        kci.Remove("information");

        var result = Read(kci);

        Assert.True(result.IsValid);
        Assert.False(result.Envelope!.UpdateType.IsKnown);
    }

    [Fact]
    public void An_unknown_order_status_is_kept()
    {
        var order = Read(TestKcis.Order(status: "PARTIALLY_TELEPORTED")).Envelope!.GetServiceOrder()!;

        Assert.Equal("PARTIALLY_TELEPORTED", order.Status.Value);
        Assert.False(order.Status.IsKnown);
    }

    [Fact]
    public void The_entity_key_is_the_entity_type_and_the_entity_id()
    {
        Assert.Equal("PROVIDE_ORDER:12345", Read(TestKcis.Order(orderId: 12345)).EntityKey);
        Assert.Equal("UNSOLICITED_CEASE_ORDER:9", Read(TestKcis.Order(orderId: 9, entityType: "UNSOLICITED_CEASE_ORDER")).EntityKey);
    }

    [Fact]
    public void An_unknown_entity_without_an_id_is_ordered_on_its_own()
    {
        var kci = TestKcis.Order(entityType: "SOMETHING_NEW");
        kci["entity"]!.AsObject().Remove("id");

        var result = Read(kci);

        Assert.True(result.IsValid);
        Assert.Equal($"SOMETHING_NEW:kci-{TestKcis.IdOf(kci):D}", result.EntityKey);
    }

    [Fact]
    public void The_cancellation_object_is_found_next_to_the_entity_or_inside_it()
    {
        var outside = TestKcis.Order();
        outside["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["status"] = "COMPLETED" };
        var inside = TestKcis.Order();
        inside["entity"]!["serviceOrderCancellation"] = new JsonObject { ["id"] = 2, ["status"] = "PENDING" };

        Assert.Equal(1, Read(outside).Envelope!.FindServiceOrderCancellation()!.Id);
        Assert.Equal(CancellationStatus.Pending, Read(inside).Envelope!.FindServiceOrderCancellation()!.Status);
    }

    [Fact]
    public void An_entity_date_that_is_not_a_date_does_not_fail_the_kci()
    {
        var kci = TestKcis.Order();
        kci["entity"]!["created"] = "2024-04-012T00:00:00Z";

        var result = Read(kci);

        Assert.True(result.IsValid);
        Assert.Null(result.Envelope!.GetServiceOrder()!.Created);
    }
}
