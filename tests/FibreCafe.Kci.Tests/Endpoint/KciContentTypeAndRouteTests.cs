using System.Net;
using System.Text;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Endpoint;

/// <summary>Which Content-Types and which spellings of the path reach the receiver.</summary>
public class KciContentTypeAndRouteTests
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("json")]
    public async Task A_body_that_is_not_declared_as_json_gets_415_in_the_gateway_shape(string contentType)
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");

        using var response = await PostAsync(host, contentType);

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "INVALID_REQUEST");
        Assert.Contains("application/json", messages.Single(), StringComparison.Ordinal);
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    [InlineData("application/vnd.fibrecafe.kci+json")]
    [InlineData("application/problem+json; charset=\"utf-8\"")]
    [InlineData(null)]
    public async Task Json_or_no_content_type_is_accepted(string? contentType)
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");

        using var response = await PostAsync(host, contentType);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Authentication_comes_before_the_content_type()
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await PostAsync(host, "text/plain", authenticated: false);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
    }

    [Theory]
    [InlineData("/kcis")]
    [InlineData("/KCIS")]
    [InlineData("/Kcis")]
    [InlineData("/kcis/")]
    public async Task The_path_is_matched_ignoring_case_and_a_trailing_slash(string path)
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");

        using var response = await PostAsync(host, "application/json", path: path);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    private static async Task<HttpResponseMessage> PostAsync(KciTestHost host, string? contentType, bool authenticated = true, string path = "/kcis")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestKcis.Order().ToJsonString()));
        if (contentType is not null)
        {
            // Added unvalidated: the receiver must cope with whatever the client declares.
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = authenticated ? KciTestHost.Basic(KciTestHost.Username, KciTestHost.Password) : null;
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return await host.Client.SendAsync(request);
    }
}
