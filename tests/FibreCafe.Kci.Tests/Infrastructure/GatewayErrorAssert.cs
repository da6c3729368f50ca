using System.Net;
using System.Text.Json;

namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>Checks a response is the gateway's error shape <c>{uuid, code, messages}</c> with the given status and code.</summary>
internal static class GatewayErrorAssert
{
    public static async Task<IReadOnlyList<string>> IsAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.True(Guid.TryParse(root.GetProperty("uuid").GetString(), out _), "uuid must be a UUID");
        Assert.Equal(code, root.GetProperty("code").GetString());
        var messages = root.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.NotEmpty(messages);
        Assert.Equal(3, root.EnumerateObject().Count());
        return messages;
    }
}
