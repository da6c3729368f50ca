using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.WithoutAspNetCore;

/// <summary>A host without ASP.NET Core validates a KCI body exactly as <c>POST /kcis</c> does: same status, code and messages.</summary>
public sealed class KciParserParityTests : IAsyncLifetime
{
    private const long SmallLimit = 4096;
    private KciTestHost _host = null!;

    public static TheoryData<string> Bodies()
    {
        var data = new TheoryData<string>();
        foreach (var example in Directory.GetFiles(TestKcis.ExamplesFolder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(File.ReadAllText(example));
        }

        data.Add("not json");
        data.Add("[1, 2]");
        data.Add("{}");
        data.Add(Without(TestKcis.Order(), "sequenceNumber"));
        data.Add(Set(TestKcis.Order(), "sequenceNumber", JsonValue.Create("7")));
        data.Add(Set(TestKcis.Order(), "deliveredOn", JsonValue.Create("yesterday")));
        data.Add(Set(TestKcis.Order(), "updateType", JsonValue.Create(3)));
        data.Add(TestKcis.Order().ToJsonString().Replace("\"supplier\":\"FIBRECO\",", "\"supplier\":\"FIBRECO\",\"SUPPLIER\":\"OTHER\",", StringComparison.Ordinal));
        data.Add(Set(TestKcis.Order(), "supplier", JsonValue.Create(new string('x', 5000)))); // over the small limit
        return data;
    }

    public async Task InitializeAsync() =>
        _host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:MaxBodyBytes"] = SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Parse_gives_what_the_endpoint_answers(string body)
    {
        var parsed = KciParser.Parse(Encoding.UTF8.GetBytes(body), SmallLimit);

        using var response = await _host.PostAsync(body);

        Assert.Equal((int)response.StatusCode, parsed.StatusCode);
        if (parsed.IsValid)
        {
            Assert.Null(parsed.ErrorCode);
            Assert.Empty(parsed.Messages);
            Assert.Equal(JsonNode.Parse(body)!["id"]!.GetValue<Guid>(), parsed.Envelope!.Id);
            return;
        }

        using var answered = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(answered.RootElement.GetProperty("code").GetString(), parsed.ErrorCode!.Value.Value);
        Assert.Equal(answered.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetString()), parsed.Messages);
        Assert.Null(parsed.Envelope);
    }

    [Fact]
    public void The_text_overload_parses_the_same_as_the_bytes_and_names_the_field()
    {
        var body = Without(TestKcis.Order(), "entityType");

        var fromText = KciParser.Parse(body);
        var fromBytes = KciParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(422, fromText.StatusCode);
        Assert.Equal(fromBytes.Messages, fromText.Messages);
        Assert.Contains(fromText.Messages, m => m.Contains("entityType", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refusal_becomes_the_gateways_error_body_with_a_fresh_uuid()
    {
        var parsed = KciParser.Parse("[]");

        var first = parsed.ToGatewayError();
        var second = parsed.ToGatewayError();

        Assert.Equal("MALFORMED_REQUEST", first.Code!.Value.Value);
        Assert.Equal(parsed.Messages, first.Messages);
        Assert.True(Guid.TryParse(first.Uuid, out _));
        Assert.NotEqual(first.Uuid, second.Uuid);
        Assert.Throws<InvalidOperationException>(() => KciParser.Parse(TestKcis.Order().ToJsonString()).ToGatewayError());
    }

    [Fact]
    public void The_default_limit_is_the_receivers_default_and_a_limit_below_one_is_refused()
    {
        var big = Set(TestKcis.Order(), "supplier", JsonValue.Create(new string('x', (int)FibreCafeKciOptions.DefaultMaxBodyBytes)));

        Assert.Equal(413, KciParser.Parse(big).StatusCode);
        Assert.Equal(204, KciParser.Parse(TestKcis.Order().ToJsonString()).StatusCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => KciParser.Parse("{}", 0));
    }

    [Fact]
    public async Task A_parsed_kci_added_to_the_inbox_is_stored_and_dispatched_like_one_posted_to_the_endpoint()
    {
        var viaQueue = TestKcis.Order(orderId: 501);
        var viaHttp = TestKcis.Order(orderId: 502);
        var bytes = Encoding.UTF8.GetBytes(viaQueue.ToJsonString());
        var receivedAt = DateTimeOffset.UtcNow;

        var added = await _host.Inbox.AddAsync(KciParser.Parse(bytes).ToInboxEntry(bytes, receivedAt, "request-1", "conversation-1"));
        using var response = await _host.PostAsync(viaHttp.ToJsonString());

        Assert.Equal(KciInboxAddResult.Added, added);
        var queued = (await _host.Inbox.GetAsync(TestKcis.IdOf(viaQueue)))!;
        var posted = (await _host.Inbox.GetAsync(TestKcis.IdOf(viaHttp)))!;
        Assert.Equal(posted.EntityKey.Replace("502", "501", StringComparison.Ordinal), queued.EntityKey);
        Assert.Equal((posted.EntityType, posted.UpdateType, posted.Supplier, posted.SequenceNumber, posted.DeliveredOn),
            (queued.EntityType, queued.UpdateType, queued.Supplier, queued.SequenceNumber, queued.DeliveredOn));
        Assert.Equal(("request-1", "conversation-1", receivedAt), (queued.RequestId, queued.ConversationId, queued.ReceivedAt));
        Assert.Equal(bytes, queued.Body.ToArray());
        await Eventually.HoldsAsync(
            () => _host.Events.ForKci(TestKcis.IdOf(viaQueue)).Count > 0 && _host.Events.ForKci(TestKcis.IdOf(viaHttp)).Count > 0,
            "both KCIs are dispatched");
        Assert.Equal(_host.Events.NamesForKci(TestKcis.IdOf(viaHttp)), _host.Events.NamesForKci(TestKcis.IdOf(viaQueue)));
        Assert.Throws<InvalidOperationException>(() => KciParser.Parse("{}").ToInboxEntry(bytes, receivedAt, null, null));
    }

    private static string Without(JsonObject kci, string name)
    {
        kci.Remove(name);
        return kci.ToJsonString();
    }

    private static string Set(JsonObject kci, string name, JsonNode? value)
    {
        kci[name] = value;
        return kci.ToJsonString();
    }
}
