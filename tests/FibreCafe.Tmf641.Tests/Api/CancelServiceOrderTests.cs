using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Testing;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>CancelServiceOrder end to end on the sandbox: created as a durable request, moved by the run and the KCIs.</summary>
public sealed class CancelServiceOrderTests : IAsyncLifetime
{
    private Tmf641Host _host = null!;

    public async Task InitializeAsync() => _host = await Tmf641Host.StartAsync(o => o.ReasonCodes["Customer moved house"] = "NO_LONGER_REQUIRED");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonObject> GetAsync(JsonObject resource) =>
        (await _host.GetAsync($"cancelServiceOrder/{resource["id"]}")).Conforms("CancelServiceOrder", "CancelServiceOrder").Object;

    private async Task<JsonObject> SettledAsync(JsonObject resource, CancellationRequestState until)
    {
        await _host.Requests.SettledAsync(Guid.Parse((string)resource["id"]!), r => r.State == until);
        return await GetAsync(resource);
    }

    [Fact]
    public async Task A_cancellation_is_accepted_when_stored_and_done_with_its_effective_date_once_the_supplier_cancelled_the_order()
    {
        var created = await _host.CreateAsync(extra: """, "cancellationReason": "Customer changed mind" """);

        Assert.Equal("accepted", (string?)created["state"]);
        var stored = await _host.Requests.Requests.GetAsync(Guid.Parse((string)created["id"]!));
        Assert.Equal(("CUSTOMER_CHANGED_MIND", "Customer changed mind"), (stored!.ReasonCode, (string?)created["cancellationReason"]));
        Assert.Equal("tmf641", stored.SubmittedBy!.ProcessName);
        Assert.Equal("accepted", (string?)(await GetAsync(created))["state"]);

        await _host.Requests.RunAsync();
        var done = await SettledAsync(created, CancellationRequestState.Completed);

        Assert.Equal("done", (string?)done["state"]);
        Assert.NotNull((string?)done["effectiveCancellationDate"]);
        Assert.Contains("cancelled the order", (string?)done["completionMessage"], StringComparison.Ordinal);
        Assert.DoesNotContain("considering", (string?)done["completionMessage"], StringComparison.Ordinal); // the pending KCI's words are not the outcome's
        Assert.Null(done["errorMessage"]);
        Assert.Equal("12345", (string?)done["serviceOrder"]!["id"]);
        Assert.Equal(stored.Reference, (string?)done["number"]);
    }

    [Fact]
    public async Task The_location_of_a_created_cancellation_is_its_href_and_answers_the_same_resource()
    {
        var answer = await _host.PostAsync("cancelServiceOrder", """{"serviceOrder":{"id":"12345"},"@type":"CancelServiceOrder"}""");

        Assert.Equal(201, answer.Status);
        answer.Conforms("CancelServiceOrder", "CancelServiceOrder");
        Assert.Equal((string?)answer.Object["href"], answer.Location!.AbsoluteUri);
        var again = await _host.GetAsync(answer.Location.AbsoluteUri);
        Assert.Equal(answer.Object.ToJsonString(), again.Object.ToJsonString());
    }

    [Fact]
    public async Task A_cancellation_the_supplier_is_still_considering_is_in_progress()
    {
        var created = await _host.CreateAsync();
        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationPending))
        {
            await _host.Requests.RunAsync();
        }

        var pending = await SettledAsync(created, CancellationRequestState.Pending);

        Assert.Equal("inProgress", (string?)pending["state"]);
        Assert.Null(pending["effectiveCancellationDate"]);
    }

    [Fact]
    public async Task A_rejected_cancellation_is_done_with_the_suppliers_refusal_in_its_completion_message()
    {
        var created = await _host.CreateAsync();
        using (FibreCafeTestScenario.Begin(FibreCafeSandboxScenarios.CancellationRejected))
        {
            await _host.Requests.RunAsync();
        }

        var rejected = await SettledAsync(created, CancellationRequestState.Rejected);

        Assert.Equal("done", (string?)rejected["state"]);
        Assert.Contains("point of no return", (string?)rejected["completionMessage"], StringComparison.Ordinal);
        Assert.Null(rejected["effectiveCancellationDate"]);
    }

    [Fact]
    public async Task A_cancellation_the_gateway_refuses_is_terminated_with_the_gateways_code_and_messages()
    {
        var created = await _host.CreateAsync();
        _host.Requests.Sandbox.Faults.FailNextCancellations(1, 422);

        await _host.Requests.RunAsync();
        var refused = await GetAsync(created);

        Assert.Equal("terminatedWithError", (string?)refused["state"]);
        Assert.Equal("INVALID_REQUEST", (string?)refused["errorMessage"]!["code"]);
        Assert.Equal("422", (string?)refused["errorMessage"]!["status"]);
        Assert.Contains("reasonCode", (string?)refused["errorMessage"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_future_requested_cancellation_date_stays_accepted_until_it_is_due()
    {
        var due = _host.Requests.Clock.GetUtcNow().AddHours(2);
        var created = await _host.CreateAsync(extra: $$""", "requestedCancellationDate": "{{due:yyyy-MM-dd'T'HH:mm:ss'Z'}}" """);

        await _host.Requests.RunAsync();
        Assert.Equal("accepted", (string?)(await GetAsync(created))["state"]);
        Assert.Equal(0, _host.Requests.Sandbox.CancellationRequests);
        Assert.Equal($"{due:yyyy-MM-dd'T'HH:mm:ss'Z'}", (string?)created["requestedCancellationDate"]);

        _host.Requests.Clock.Advance(TimeSpan.FromHours(2));
        await _host.Requests.RunAsync();
        Assert.Equal("done", (string?)(await SettledAsync(created, CancellationRequestState.Completed))["state"]);
        Assert.Equal(1, _host.Requests.Sandbox.CancellationRequests);
    }

    [Theory]
    [InlineData("Customer moved house", "NO_LONGER_REQUIRED", "Customer moved house")] // the configured table
    [InlineData("no-longer required", "NO_LONGER_REQUIRED", null)] // a Fibre Cafe code, however written
    [InlineData("The customer found a cheaper offer", "OTHER", "The customer found a cheaper offer")]
    public async Task A_reason_is_mapped_to_a_fibre_cafe_code_and_kept_as_given(string reason, string code, string? text)
    {
        var created = await _host.CreateAsync(extra: $$""", "cancellationReason": "{{reason}}" """);

        var stored = await _host.Requests.Requests.GetAsync(Guid.Parse((string)created["id"]!));
        Assert.Equal((code, text), (stored!.ReasonCode, stored.Text));
        Assert.Equal(reason, (string?)created["cancellationReason"]);
        Assert.Equal(code, (string?)created["reasonCode"]);
    }

    [Fact]
    public async Task The_fibre_cafe_extension_sends_its_reason_code_text_and_supplier_as_given()
    {
        var created = await _host.CreateAsync(extra: """
            , "@type": "FibreCafeCancelServiceOrder", "cancellationReason": "Customer moved house",
              "reasonCode": "CUSTOMER_CHANGED_MIND", "text": "Delivery too long", "supplier": "FIBRECO"
            """);

        var stored = await _host.Requests.Requests.GetAsync(Guid.Parse((string)created["id"]!));
        Assert.Equal(("CUSTOMER_CHANGED_MIND", "Delivery too long", "FIBRECO"), (stored!.ReasonCode, stored.Text, stored.Supplier));
        Assert.Equal(("FibreCafeCancelServiceOrder", "Customer moved house"), ((string?)created["@type"], (string?)created["cancellationReason"]));
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_same_resource_and_another_body_under_it_is_a_conflict()
    {
        const string Body = """{"serviceOrder":{"id":"12345"}}""";
        var first = await _host.PostAsync("cancelServiceOrder", Body, idempotencyKey: "order-12345-cancel");
        var again = await _host.PostAsync("cancelServiceOrder", Body, idempotencyKey: "order-12345-cancel");
        var other = await _host.PostAsync("cancelServiceOrder", """{"serviceOrder":{"id":"999"}}""", idempotencyKey: "order-12345-cancel");

        Assert.Equal((201, 201), (first.Status, again.Status));
        Assert.Equal((string?)first.Object["id"], (string?)again.Object["id"]);
        other.IsError(409, "Idempotency-Key");
        Assert.Equal(1, (await _host.Requests.Requests.ListAsync(new CancellationRequestQuery())).Total);
    }

    [Fact]
    public async Task The_headers_the_options_name_are_kept_with_the_request_and_no_other()
    {
        await using var host = await Tmf641Host.StartAsync(o => o.HeadersToMetadata.Add("X-Scenario"));
        using var post = new HttpRequestMessage(HttpMethod.Post, "cancelServiceOrder")
        {
            Content = new StringContent("""{"serviceOrder":{"id":"12345"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        post.Headers.Add("X-Scenario", FibreCafeSandboxScenarios.CancellationRejected);
        post.Headers.Add("X-Other", "not kept");

        var created = (await host.SendAsync(post)).Object;

        var metadata = (await host.Requests.Requests.GetAsync(Guid.Parse((string)created["id"]!)))!.Metadata!;
        Assert.Equal(FibreCafeSandboxScenarios.CancellationRejected, metadata["tmf641.header.X-Scenario"]);
        Assert.DoesNotContain(metadata.Keys, k => k.Contains("X-Other", StringComparison.Ordinal));
    }
}
