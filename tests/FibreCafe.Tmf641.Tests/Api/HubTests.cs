using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>The hub: listeners registered durably, read and removed; callbacks and queries checked before anything is stored.</summary>
public sealed class HubTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;

    public async Task InitializeAsync() => _host = await Tmf641Host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_listener_is_registered_read_and_removed_and_an_unknown_one_is_404()
    {
        var created = await _host.RegisterAsync(new Uri("http://127.0.0.1:9/cb"), "eventType=CancelServiceOrderStateChangeEvent");

        var read = (await _host.GetAsync($"hub/{created["id"]}")).Conforms("EventSubscription", "EventSubscription");
        Assert.Equal(created.ToJsonString(), read.Object.ToJsonString());
        Assert.Equal("http://127.0.0.1:9/cb", (string?)created["callback"]);
        Assert.Equal("eventType=CancelServiceOrderStateChangeEvent", (string?)created["query"]);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"hub/{created["id"]}"))
        {
            Assert.Equal(204, (await _host.SendAsync(delete)).Status);
        }

        (await _host.GetAsync($"hub/{created["id"]}")).IsError(404);
        using var again = new HttpRequestMessage(HttpMethod.Delete, $"hub/{created["id"]}");
        (await _host.SendAsync(again)).IsError(404);
        (await _host.GetAsync("hub/not-an-id")).IsError(404);
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "not json", "body" },
        { """{"query":"eventType=CancelServiceOrderCreateEvent"}""", "callback" },
        { """{"callback":"/relative"}""", "callback" },
        { """{"callback":"ftp://127.0.0.1/cb"}""", "callback" },
        { """{"callback":"http://listener.example.com/cb"}""", "callback" }, // http to a host that is not loopback
        { """{"callback":"https://10.1.2.3/cb"}""", "callback" },
        { """{"callback":"https://192.168.0.10/cb"}""", "callback" },
        { """{"callback":"https://169.254.169.254/latest/meta-data"}""", "callback" },
        { """{"callback":"https://[fe80::1]/cb"}""", "callback" },
        { """{"callback":"https://[::ffff:10.0.0.1]/cb"}""", "callback" },
        { """{"callback":"https://user:secret@127.0.0.1/cb"}""", "callback" },
        { """{"callback":"https://[64:ff9b::a00:1]/cb"}""", "callback" }, // NAT64 of 10.0.0.1
        { """{"callback":"https://[2002:a9fe:a9fe::]/cb"}""", "callback" }, // 6to4 of 169.254.169.254
        { """{"callback":"https://198.18.0.1/cb"}""", "callback" },
        { $$"""{"callback":"https://{{string.Join('.', Enumerable.Repeat(new string('a', 60), 5))}}/cb"}""", "callback" },
        { """{"callback":"http://127.0.0.1/cb","query":"event.cancelServiceOrder.state=done;terminatedWithError"}""", "query" },
        { """{"callback":"http://127.0.0.1/cb","query":"fields=state"}""", "query" },
        { """{"callback":"http://127.0.0.1/cb","query":"eventType=NoSuchEvent"}""", "query" },
        { """{"callback":"http://127.0.0.1/cb","query":"eventType=CancelServiceOrderCreateEvent;event.state=done"}""", "query" },
        { """{"callback":"http://127.0.0.1/cb","query":"state"}""", "query" },
        { """{"callback":"http://127.0.0.1/cb","query":7}""", "query" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_registration_is_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        var answer = (await _host.PostAsync("hub", body)).IsError(400, field);

        Assert.DoesNotContain("secret", answer.Json!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Requests.Services.GetRequiredService<Kci.IEventSubscriptionStore>().ListAsync(Tmf641Constants.HubApi));
    }

    [Fact]
    public async Task Private_addresses_are_accepted_only_when_the_options_allow_them()
    {
        await using var open = await Tmf641Host.StartAsync(o => o.Hub.AllowPrivateNetworks = true);

        var created = await open.RegisterAsync(new Uri("https://10.1.2.3/cb"));

        Assert.Equal("https://10.1.2.3/cb", (string?)created["callback"]);
    }

    [Theory]
    [InlineData("GET", "hub", "POST")]
    [InlineData("PATCH", "hub/5c1c1c1c-0000-4000-8000-000000000000", "GET, DELETE")]
    public async Task A_method_the_hub_does_not_serve_is_405_with_allow(string method, string path, string allow)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        Assert.Equal(allow, (await _host.SendAsync(request)).IsError(405).Headers["Allow"]);
    }
}
