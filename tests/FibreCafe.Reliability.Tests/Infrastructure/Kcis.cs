using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>KCIs as the gateway sends them, and a client that delivers them as the gateway does.</summary>
internal static class Kcis
{
    public const string Username = "fibre-gateway";

    /// <summary>
    /// An informational KCI about a provide order whose status alternates with each sequence number, so
    /// that each one, dispatched in order, raises exactly one <c>ServiceOrderStatusChanged</c>.
    /// </summary>
    public static JsonObject OrderStatus(long orderId, long sequenceNumber, Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString("D"),
        ["supplier"] = "FIBRECO",
        ["sequenceNumber"] = sequenceNumber,
        ["deliveredOn"] = "2026-11-23T09:53:38.817Z",
        ["updateType"] = "INFORMATIONAL",
        ["entityType"] = "PROVIDE_ORDER",
        ["entity"] = new JsonObject
        {
            ["id"] = orderId,
            ["orderType"] = "NEW",
            ["status"] = sequenceNumber % 2 == 1 ? "IN_PROGRESS" : "HELD",
            ["supplier"] = "FIBRECO",
        },
        ["information"] = new JsonObject { ["type"] = "UPDATE", ["text"] = $"Update {sequenceNumber} of order {orderId}." },
    };

    public static Guid IdOf(JsonObject kci) => Guid.Parse((string)kci["id"]!);

    /// <summary>Posts one body to a receiver with Basic credentials and the gateway's tracing headers.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri receiver, byte[] body, string password, string? conversationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{password}")));
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString("D"));
        request.Headers.Add("X-Conversation-ID", conversationId ?? "reliability");
        return await http.SendAsync(request);
    }

    /// <summary>Posts a KCI and returns the status, or <see langword="null"/> when the receiver could not be reached.</summary>
    public static async Task<int?> TryPostAsync(HttpClient http, Uri receiver, JsonObject kci, string password)
    {
        try
        {
            using var response = await PostAsync(http, receiver, Encoding.UTF8.GetBytes(kci.ToJsonString()), password);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null; // the client's timeout: no answer came
        }
    }
}
