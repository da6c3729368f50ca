using System.Net.Http.Headers;
using FibreCafe.Kci;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>Bad input of every kind: a TMF Error naming the field, never a 5xx, and nothing stored.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;

    public async Task InitializeAsync() => _host = await Tmf641Host.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> BadBodies => new()
    {
        { "not json", "body" },
        { "[]", "body" },
        { "{}", "serviceOrder" },
        { """{"serviceOrder":"12345"}""", "serviceOrder" },
        { """{"serviceOrder":{}}""", "serviceOrder.id" },
        { """{"serviceOrder":{"id":"ORD-1"}}""", "serviceOrder.id" },
        { """{"serviceOrder":{"id":"0"}}""", "serviceOrder.id" },
        { """{"serviceOrder":{"id":-4}}""", "serviceOrder.id" },
        { """{"serviceOrder":{"id":"12345"},"id":"mine"}""", "id" },
        { """{"serviceOrder":{"id":"12345"},"state":"done"}""", "state" },
        { """{"serviceOrder":{"id":"12345"},"@type":"MyCancelServiceOrder","reasonCode":"OTHER"}""", "reasonCode" },
        { """{"serviceOrder":{"id":"12345"},"cancellationReason":"\ud800"}""", "cancellationReason" },
        { $$"""{"serviceOrder":{"id":"12345"},"cancellationReason":"{{new string('r', 1001)}}"}""", "cancellationReason" },
        { """{"serviceOrder":{"id":"12345"},"@type":7}""", "@type" },
        { """{"serviceOrder":{"id":"12345"},"reasonCode":"OTHER"}""", "reasonCode" },
        { """{"serviceOrder":{"id":"12345"},"cancellationReason":42}""", "cancellationReason" },
        { """{"serviceOrder":{"id":"12345"},"requestedCancellationDate":"tomorrow"}""", "requestedCancellationDate" },
        { """{"serviceOrder":{"id":"12345"},"requestedCancellationDate":"2026-12-24T08:00:00"}""", "requestedCancellationDate" },
        { """{"serviceOrder":{"id":"12345"},"@type":"FibreCafeCancelServiceOrder","reasonCode":"not a code"}""", "reasonCode" },
        { """{"serviceOrder":{"id":"12345"},"@type":"FibreCafeCancelServiceOrder","supplier":"FIBRE CO"}""", "supplier" },
        { $$"""{"serviceOrder":{"id":"12345"},"@type":"FibreCafeCancelServiceOrder","text":"{{new string('x', 1001)}}"}""", "text" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        (await _host.PostAsync("cancelServiceOrder", body)).IsError(400, field);

        Assert.Equal(0, (await _host.Requests.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task A_body_that_is_not_json_by_its_media_type_is_415_and_one_too_large_is_413()
    {
        (await _host.PostAsync("cancelServiceOrder", """{"serviceOrder":{"id":"1"}}""", contentType: "text/plain")).IsError(415);
        var huge = $$"""{"serviceOrder":{"id":"1"},"cancellationReason":"{{new string('x', 70_000)}}"}""";
        (await _host.PostAsync("cancelServiceOrder", huge)).IsError(413);
        (await _host.PostAsync("cancelServiceOrder", """{"serviceOrder":{"id":"1"}}""", idempotencyKey: new string('k', Tmf641Constants.MaxIdempotencyKeyLength + 1))).IsError(400, "Idempotency-Key");
        (await _host.PostAsync("cancelServiceOrder", """{"serviceOrder":{"id":"1"}}""", idempotencyKey: "   ")).IsError(400, "Idempotency-Key");

        Assert.Equal(0, (await _host.Requests.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Theory]
    [InlineData("cancelServiceOrder?limit=0", "limit")]
    [InlineData("cancelServiceOrder?limit=501", "limit")]
    [InlineData("cancelServiceOrder?offset=-1", "offset")]
    [InlineData("cancelServiceOrder?offset=abc", "offset")]
    [InlineData("cancelServiceOrder?state=cancelled", "state")]
    [InlineData("cancelServiceOrder?serviceOrder.id=ORD", "serviceOrder.id")]
    [InlineData("cancelServiceOrder?requestedCancellationDate.gt=yesterday", "requestedCancellationDate.gt")]
    [InlineData("cancelServiceOrder?orderBy=state", "orderBy")]
    [InlineData("serviceOrder?state=cancelled", "state")]
    [InlineData("serviceOrder?limit=x", "limit")]
    public async Task A_bad_query_is_400_naming_the_parameter(string path, string parameter) =>
        (await _host.GetAsync(path)).IsError(400, parameter);

    [Fact]
    public async Task A_callers_own_type_is_taken_as_a_plain_cancel_service_order_and_the_longest_key_is_accepted()
    {
        var answer = await _host.PostAsync(
            "cancelServiceOrder", """{"serviceOrder":{"id":"12345"},"@type":"AcmeCancelServiceOrder","@schemaLocation":"https://acme.example/cso.json"}""",
            idempotencyKey: new string('k', Tmf641Constants.MaxIdempotencyKeyLength));

        Assert.Equal(201, answer.Status);
        Assert.Equal("FibreCafeCancelServiceOrder", (string?)answer.Object["@type"]);
        var extreme = await _host.GetAsync("cancelServiceOrder?requestedCancellationDate.gt=9999-12-31T23:59:59.999Z");
        Assert.Equal((200, "0"), (extreme.Status, extreme.Headers["X-Total-Count"]));
    }

    [Theory]
    [InlineData("cancelServiceOrder/5c1c1c1c-0000-4000-8000-000000000000")]
    [InlineData("cancelServiceOrder/not-a-guid")]
    public async Task An_unknown_cancellation_is_404(string path) => (await _host.GetAsync(path)).IsError(404);

    [Fact]
    public async Task A_problem_cancellation_is_no_cancel_service_order()
    {
        var problem = await _host.Requests.Requests.SubmitAsync(FibreCafe.Requests.Tests.Infrastructure.Cancellations.Problem());

        (await _host.GetAsync($"cancelServiceOrder/{problem.Id}")).IsError(404);
        Assert.Equal("0", (await _host.GetAsync("cancelServiceOrder")).Headers["X-Total-Count"]);
    }

    [Theory]
    [InlineData("PATCH", "cancelServiceOrder/5c1c1c1c-0000-4000-8000-000000000000", "GET")]
    [InlineData("DELETE", "cancelServiceOrder/5c1c1c1c-0000-4000-8000-000000000000", "GET")]
    [InlineData("DELETE", "cancelServiceOrder", "GET, POST")]
    [InlineData("POST", "serviceOrder", "GET")]
    [InlineData("PATCH", "serviceOrder/12345", "GET")]
    [InlineData("DELETE", "serviceOrder/12345", "GET")]
    public async Task A_method_the_specification_does_not_define_is_405_with_allow(string method, string path, string allow)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "DELETE")
        {
            request.Content = new StringContent("{}", MediaTypeHeaderValue.Parse("application/json"));
        }

        var answer = (await _host.SendAsync(request)).IsError(405);

        Assert.Equal(allow, answer.Headers["Allow"]);
    }
}
