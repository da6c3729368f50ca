using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Requests.Tests.Infrastructure;
using FibreCafe.Tmf641.Notifications;
using FibreCafe.Tmf641.Tests.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Tests.Api;

/// <summary>
/// The requests' host (sandbox, receiver, durable requests, the processing run one pass at a time on fake time) with the
/// TMF641 API mapped at its default base path, and a client that checks every answer against the contract and TM Forum's
/// own definitions.
/// </summary>
public sealed class Tmf641Host : IAsyncDisposable
{
    private Tmf641Host(RequestsHost requests)
    {
        Requests = requests;
        Http = new HttpClient { BaseAddress = new Uri(requests.Address, "tmf-api/serviceOrdering/v4/") };
    }

    public RequestsHost Requests { get; }

    public HttpClient Http { get; }

    public static async Task<Tmf641Host> StartAsync(Action<Tmf641Options>? tmf = null) =>
        new(await RequestsHost.StartAsync(
            services: s => s.AddFibreCafeTmf641(o =>
            {
                o.Hub.DeliveryEnabled = false; // the tests deliver (NotifyAsync), on the host's fake clock
                tmf?.Invoke(o);
            }),
            map: app => app.MapTmf641ServiceOrdering()));

    public async Task<Answer> PostAsync(string path, string json, string? idempotencyKey = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await SendAsync(request);
    }

    public Task<Answer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Answer(response, body.Length == 0 ? null : JsonNode.Parse(body));
        }
    }

    /// <summary>Creates a cancellation of <paramref name="orderId"/>, checks the 201 and returns the resource.</summary>
    public async Task<JsonObject> CreateAsync(long orderId = 12345, string? extra = null)
    {
        var answer = await PostAsync("cancelServiceOrder", $$"""{"serviceOrder":{"id":"{{orderId}}"}{{extra}}}""");
        Assert.Equal(201, answer.Status);
        answer.Conforms("CancelServiceOrder", "CancelServiceOrder");
        return answer.Object;
    }

    /// <summary>Runs the feed and the delivery as their loops would, several passes each (one resource's notifications go one per pass).</summary>
    public async Task NotifyAsync(int passes = 12)
    {
        var feed = Requests.Services.GetRequiredService<Tmf641RequestFeed>();
        var delivery = Requests.Services.GetRequiredService<Tmf641Delivery>();
        await Requests.Sandbox.WhenKcisDeliveredAsync();
        for (var i = 0; i < passes; i++)
        {
            while (await feed.RunOnceAsync(CancellationToken.None))
            {
            }

            await delivery.RunOnceAsync(CancellationToken.None);
            await delivery.WhenIdleAsync();
        }
    }

    /// <summary>Registers a listener and checks the 201.</summary>
    public async Task<JsonObject> RegisterAsync(Uri callback, string? query = null)
    {
        var input = new JsonObject { ["callback"] = callback.AbsoluteUri, ["query"] = query };
        var answer = await PostAsync("hub", input.ToJsonString());
        Assert.Equal(201, answer.Status);
        answer.Conforms("EventSubscription", "EventSubscription");
        return answer.Object;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Requests.DisposeAsync();
    }

    /// <summary>One answer: status, headers and the JSON body.</summary>
    public sealed class Answer(HttpResponseMessage response, JsonNode? json)
    {
        public int Status { get; } = (int)response.StatusCode;

        public string? ContentType { get; } = response.Content.Headers.ContentType?.ToString();

        public Uri? Location { get; } = response.Headers.Location;

        public IReadOnlyDictionary<string, string> Headers { get; } =
            response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

        public JsonNode? Json { get; } = json;

        public JsonObject Object => Assert.IsType<JsonObject>(Json);

        public JsonArray Array => Assert.IsType<JsonArray>(Json);

        /// <summary>Asserts the media type and that the body conforms, item by item for an array.</summary>
        public Answer Conforms(string contractSchema, string specificationDefinition)
        {
            Assert.Equal(Tmf641Contract.MediaType, ContentType?.Replace(" ", string.Empty, StringComparison.Ordinal));
            foreach (var item in Json is JsonArray array ? array.ToList() : [Json])
            {
                using var document = JsonDocument.Parse(item!.ToJsonString());
                Tmf641Contract.AssertConforms(document.RootElement, contractSchema, specificationDefinition);
            }

            return this;
        }

        /// <summary>Asserts a TMF Error with this status, naming <paramref name="field"/> when given.</summary>
        public Answer IsError(int status, string? field = null)
        {
            Assert.Equal(status, Status);
            Conforms("Error", "Error");
            Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)Object["status"]);
            if (field is not null)
            {
                Assert.Contains(field, (string?)Object["reason"] + " " + (string?)Object["message"], StringComparison.Ordinal);
            }

            return this;
        }
    }
}
