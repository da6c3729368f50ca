using System.Text;
using System.Text.Json.Nodes;
using FibreCafe.Client;
using FibreCafe.Kci.Kcis;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Kcis;

/// <summary>
/// A name given twice in one object (ignoring case, at any depth) is refused: the validator and the binder
/// would otherwise read different copies, and a KCI validated as one thing would be stored as another.
/// Numbers must be JSON numbers, for the same reason.
/// </summary>
public class KciReaderDuplicateNameTests
{
    private static KciParseResult Read(string body) => KciReader.Read(Encoding.UTF8.GetBytes(body));

    // Appends a raw member to the body or to one of its flat objects, since JsonObject cannot hold a name twice.
    private static string WithMember(JsonObject kci, string member, string? inside = null)
    {
        var json = kci.ToJsonString();
        if (inside is null)
        {
            return json[..^1] + "," + member + "}";
        }

        var marker = $"\"{inside}\":{{";
        var at = json.IndexOf('}', json.IndexOf(marker, StringComparison.Ordinal));
        return json[..at] + "," + member + json[at..];
    }

    [Theory]
    [InlineData("SequenceNumber")]
    [InlineData("SEQUENCENUMBER")]
    [InlineData("sequencenumber")]
    [InlineData("sEqUeNcEnUmBeR")]
    public void A_top_level_name_given_twice_in_any_casing_is_refused_naming_both_spellings(string spelling)
    {
        var result = Read(WithMember(TestKcis.Order(), $"\"{spelling}\":-5"));

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(GatewayErrorCode.InvalidRequest, result.ErrorCode);
        Assert.Equal([$"sequenceNumber is given more than once (as sequenceNumber and {spelling})."], result.Messages);
    }

    [Fact]
    public void A_name_given_twice_in_the_same_spelling_is_refused_too()
    {
        var result = Read(WithMember(TestKcis.Order(), "\"sequenceNumber\":2"));

        Assert.Equal(["sequenceNumber is given more than once."], result.Messages);
    }

    [Fact]
    public void The_reported_case_a_second_sequence_number_as_a_negative_string_is_refused_not_bound()
    {
        var result = Read(WithMember(TestKcis.Order(sequenceNumber: 1), "\"SequenceNumber\":\"-5\""));

        Assert.False(result.IsValid);
        Assert.Contains("sequenceNumber is given more than once (as sequenceNumber and SequenceNumber).", result.Messages);
    }

    [Fact]
    public void The_reported_case_an_entity_id_given_twice_is_refused_naming_its_path()
    {
        var result = Read(WithMember(TestKcis.Order(orderId: 700042), "\"ID\":\"-7\"", inside: "entity"));

        Assert.Equal(422, result.StatusCode);
        Assert.Equal(["entity.id is given more than once (as id and ID)."], result.Messages);
    }

    [Theory]
    [InlineData("information", "\"TYPE\":\"CANCELLED\"", "information.type is given more than once (as type and TYPE).")]
    [InlineData("serviceOrderCancellation", "\"Id\":2", "serviceOrderCancellation.id is given more than once (as id and Id).")]
    [InlineData("address", "\"iD\":\"2\"", "entity.address.id is given more than once (as id and iD).")]
    public void A_nested_name_given_twice_is_refused_at_any_depth(string inside, string member, string message)
    {
        var kci = TestKcis.Order();
        kci["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["status"] = "COMPLETED" };
        kci["entity"]!["address"] = new JsonObject { ["id"] = "10002429380", ["type"] = "UPRN" };

        var result = Read(WithMember(kci, member, inside));

        Assert.Equal([message], result.Messages);
    }

    [Fact]
    public void A_name_given_twice_inside_an_array_element_is_named_with_its_index()
    {
        var kci = TestKcis.Order();
        kci["supplierNotes"] = new JsonArray(new JsonObject { ["note"] = "first" }, new JsonObject { ["note"] = "second", ["type"] = "Engineer Note" });
        var json = kci.ToJsonString().Replace("\"note\":\"second\"", "\"note\":\"second\",\"NOTE\":\"forged\"", StringComparison.Ordinal);

        Assert.Equal(["supplierNotes[1].note is given more than once (as note and NOTE)."], Read(json).Messages);
    }

    [Fact]
    public void An_escaped_spelling_of_a_name_is_the_same_name()
    {
        // "\u0069d" is "id" once unescaped, which is how the binder sees it.
        var result = Read(WithMember(TestKcis.Order(), "\"\\u0069d\":\"d394b30d-944e-49b5-a2f6-da5824d0b31b\""));

        Assert.Equal(["id is given more than once."], result.Messages);
    }

    [Fact]
    public void Names_outside_ascii_are_compared_ignoring_case_too()
    {
        var result = Read(WithMember(TestKcis.Order(), "\"prénom\":1,\"PRÉNOM\":2"));

        Assert.Equal(["prénom is given more than once (as prénom and PRÉNOM)."], result.Messages);
    }

    [Fact]
    public void A_name_given_twice_in_a_large_object_is_found()
    {
        var entity = new JsonObject { ["id"] = 12345, ["status"] = "ACKNOWLEDGED" };
        for (var i = 0; i < 200; i++)
        {
            entity[$"field{i}"] = i;
        }

        var kci = TestKcis.Order();
        kci["entity"] = entity;
        var json = kci.ToJsonString().Replace("\"field199\":199", "\"field199\":199,\"FIELD7\":0", StringComparison.Ordinal);

        Assert.True(Read(kci.ToJsonString()).IsValid);
        Assert.Equal(["entity.field7 is given more than once (as field7 and FIELD7)."], Read(json).Messages);
    }

    [Fact]
    public void The_same_name_in_different_objects_is_not_a_duplicate()
    {
        var kci = TestKcis.Order();
        kci["entity"]!["serviceOrderItem"] = new JsonObject
        {
            ["serviceCharacteristics"] = new JsonArray(new JsonObject { ["name"] = "A", ["value"] = "1" }, new JsonObject { ["name"] = "B", ["value"] = "2" }),
        };

        var result = Read(kci.ToJsonString());

        Assert.True(result.IsValid, string.Join(" ", result.Messages));
    }

    [Fact]
    public void Names_are_compared_per_object_after_nested_objects_close()
    {
        var distinct = WithMember(TestKcis.Order(), "\"outer\":{\"inner\":{\"x\":1},\"x\":2,\"y\":[{\"x\":3},{\"x\":4}]}");
        var repeated = WithMember(TestKcis.Order(), "\"outer\":{\"inner\":{\"x\":1},\"x\":2,\"INNER\":3}");

        Assert.True(Read(distinct).IsValid, string.Join(" ", Read(distinct).Messages));
        Assert.Equal(["outer.inner is given more than once (as inner and INNER)."], Read(repeated).Messages);
    }

    [Fact]
    public void Every_example_kci_has_each_name_once()
    {
        foreach (var example in TestKcis.ExampleNames)
        {
            var result = Read(TestKcis.Example(example));
            Assert.True(result.IsValid, $"{example}: {string.Join(" ", result.Messages)}");
        }
    }

    [Fact]
    public void Only_a_few_duplicates_are_named()
    {
        var members = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"x{i}\":1,\"X{i}\":2"));

        Assert.Equal(5, Read(WithMember(TestKcis.Order(), members)).Messages.Count);
    }

    [Theory]
    [InlineData("sequenceNumber", null, "\"1\"", "sequenceNumber must be an integer of at least 1.")]
    [InlineData("id", "entity", "\"12345\"", "entity.id must be an integer of at least 1.")]
    [InlineData("id", "serviceOrderCancellation", "\"1\"", "serviceOrderCancellation.id must be an integer of at least 1.")]
    [InlineData("orderId", "serviceOrderCancellation", "\"12345\"", "serviceOrderCancellation.orderId has a value of the wrong type or format.")]
    [InlineData("orderId", "entityCancellation", "\"12345\"", "entity.serviceOrderCancellation.orderId has a value of the wrong type or format.")]
    public void A_number_written_as_a_string_is_refused_in_each_numeric_field_of_an_order(string field, string? inside, string value, string message)
    {
        var kci = TestKcis.Order();
        kci["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["orderId"] = 12345, ["status"] = "COMPLETED" };
        kci["entity"]!["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["orderId"] = 12345, ["status"] = "COMPLETED" };
        var target = inside switch
        {
            null => kci,
            "entityCancellation" => kci["entity"]!["serviceOrderCancellation"]!.AsObject(),
            _ => kci[inside]!.AsObject(),
        };
        target[field] = JsonNode.Parse(value);

        var result = Read(kci.ToJsonString());

        Assert.Equal(422, result.StatusCode);
        Assert.Equal([message], result.Messages);
    }

    [Theory]
    [InlineData("serviceProblemCancellation")]
    [InlineData("entity.serviceProblemCancellation")]
    public void A_number_written_as_a_string_is_refused_in_a_problem_cancellation(string path)
    {
        var kci = TestKcis.Problem();
        var cancellation = new JsonObject { ["id"] = 3, ["serviceProblemId"] = "777", ["status"] = "COMPLETED" };
        if (path.StartsWith("entity.", StringComparison.Ordinal))
        {
            kci["entity"]!["serviceProblemCancellation"] = cancellation;
        }
        else
        {
            kci["serviceProblemCancellation"] = cancellation;
        }

        Assert.Equal([$"{path}.serviceProblemId has a value of the wrong type or format."], Read(kci.ToJsonString()).Messages);
    }
}
