using FibreCafe.Tmf641.Tests.Contracts;
using Microsoft.OpenApi.Models;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>Lists: fields, offset and limit, 200 or 206 with the counts, and the filters.</summary>
public sealed class ListTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;

    public async Task InitializeAsync() => _host = await Tmf641Host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static List<string> Ids(Tmf641Host.Answer answer) => answer.Array.Select(i => (string)i!["id"]!).ToList();

    [Fact]
    public async Task Fields_keep_id_href_and_the_named_attributes_dotted_paths_included()
    {
        var created = await _host.CreateAsync();

        var one = await _host.GetAsync($"cancelServiceOrder/{created["id"]}?fields=state,serviceOrder.id,noSuchField");
        var list = await _host.GetAsync("cancelServiceOrder?fields=state");

        Assert.Equal(200, one.Status);
        Assert.Equal(["id", "href", "state", "serviceOrder"], one.Object.Select(p => p.Key));
        Assert.Equal(["id"], one.Object["serviceOrder"]!.AsObject().Select(p => p.Key));
        one.Conforms("CancelServiceOrder", "CancelServiceOrder");
        Assert.Equal(["id", "href", "state"], list.Array.Single()!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_page_is_206_with_the_total_and_its_count_a_complete_list_200_newest_first()
    {
        var created = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            created.Add((string)(await _host.CreateAsync(orderId: i))["id"]!);
        }

        var first = (await _host.GetAsync("cancelServiceOrder?limit=2")).Conforms("CancelServiceOrder", "CancelServiceOrder");
        var last = await _host.GetAsync("cancelServiceOrder?offset=4&limit=2");
        var all = await _host.GetAsync("cancelServiceOrder");

        Assert.Equal((206, "5", "2"), (first.Status, first.Headers["X-Total-Count"], first.Headers["X-Result-Count"]));
        Assert.Equal([created[4], created[3]], Ids(first));
        Assert.Equal((206, "1"), (last.Status, last.Headers["X-Result-Count"]));
        Assert.Equal([created[0]], Ids(last));
        Assert.Equal((200, "5", "5"), (all.Status, all.Headers["X-Total-Count"], all.Headers["X-Result-Count"]));
        Assert.Equal(Enumerable.Reverse(created), Ids(all));
    }

    [Fact]
    public async Task Filters_select_by_state_in_any_casing_order_and_requested_date()
    {
        var now = _host.Requests.Clock.GetUtcNow();
        var sent = await _host.CreateAsync(orderId: 1);
        await _host.Requests.RunAsync();
        await _host.Requests.SettledAsync(Guid.Parse((string)sent["id"]!), r => r.State == Kci.CancellationRequestState.Completed);
        var later = await _host.CreateAsync(orderId: 2, extra: $$""", "requestedCancellationDate": "{{now.AddDays(2):yyyy-MM-dd'T'HH:mm:ss'Z'}}" """);
        var latest = await _host.CreateAsync(orderId: 2, extra: $$""", "requestedCancellationDate": "{{now.AddDays(5):yyyy-MM-dd'T'HH:mm:ss'Z'}}" """);

        Assert.Equal([(string)sent["id"]!], Ids(await _host.GetAsync("cancelServiceOrder?state=done")));
        Assert.Equal([(string)latest["id"]!, (string)later["id"]!], Ids(await _host.GetAsync("cancelServiceOrder?state=ACKNOWLEDGED")));
        Assert.Equal([(string)latest["id"]!, (string)later["id"]!], Ids(await _host.GetAsync("cancelServiceOrder?state=Accepted,inprogress")));
        Assert.Equal([(string)latest["id"]!, (string)later["id"]!], Ids(await _host.GetAsync("cancelServiceOrder?serviceOrder.id=2")));
        var window = $"requestedCancellationDate.gt={now.AddDays(1):yyyy-MM-dd'T'HH:mm:ss'Z'}&requestedCancellationDate.lt={now.AddDays(3):yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Assert.Equal([(string)later["id"]!], Ids(await _host.GetAsync($"cancelServiceOrder?{window}")));
        Assert.Empty(Ids(await _host.GetAsync("cancelServiceOrder?state=terminatedWithError")));
    }

    [Theory]
    [InlineData("/cancelServiceOrder")]
    [InlineData("/serviceOrder")]
    public async Task Every_query_parameter_the_contract_documents_is_one_the_list_takes(string path)
    {
        var samples = new Dictionary<string, string>
        {
            ["fields"] = "state", ["offset"] = "0", ["limit"] = "10", ["state"] = "done", ["serviceOrder.id"] = "12345",
            ["requestedCancellationDate.gt"] = "2026-01-01T00:00:00Z", ["requestedCancellationDate.lt"] = "2027-01-01T00:00:00Z",
        };
        var documented = Tmf641Contract.Document.Paths[path].Operations[OperationType.Get].Parameters.Where(p => p.In == ParameterLocation.Query).ToList();

        Assert.NotEmpty(documented);
        foreach (var parameter in documented)
        {
            var answer = await _host.GetAsync($"{path.TrimStart('/')}?{parameter.Name}={Uri.EscapeDataString(samples[parameter.Name])}");
            Assert.True(answer.Status == 200, $"{path}?{parameter.Name} answered {answer.Status}: {answer.Json?.ToJsonString()}");
        }
    }
}
