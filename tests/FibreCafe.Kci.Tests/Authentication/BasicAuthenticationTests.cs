using System.Net;
using System.Net.Http.Headers;
using FibreCafe.Kci.Tests.Infrastructure;

namespace FibreCafe.Kci.Tests.Authentication;

public class BasicAuthenticationTests
{
    [Fact]
    public async Task Valid_credentials_are_accepted()
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic(KciTestHost.Username, KciTestHost.Password));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Missing_credentials_get_401_with_a_basic_challenge_and_nothing_is_stored()
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await KciTestHost.PostAsync(host.Client, TestKcis.Order().ToJsonString(), authorization: null);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=", StringComparison.Ordinal));
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Theory]
    [InlineData(KciTestHost.Username, "wrong-password")]
    [InlineData("someone-else", KciTestHost.Password)]
    [InlineData(KciTestHost.Username, KciTestHost.Password + "x")]
    [InlineData(KciTestHost.Username, "")]
    public async Task Wrong_credentials_get_401(string username, string password)
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic(username, password));

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHORISED");
    }

    [Theory]
    [InlineData("Basic", "%%%not-base64%%%")]
    [InlineData("Basic", "bm9jb2xvbg==")] // "nocolon"
    [InlineData("Digest", "whatever")]
    public async Task Malformed_or_foreign_authorization_gets_401(string scheme, string parameter)
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString(), new AuthenticationHeaderValue(scheme, parameter));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task During_rotation_both_the_old_and_the_new_pair_are_accepted_and_a_removed_pair_is_not()
    {
        await using var host = await KciTestHost.StartAsync(s =>
        {
            s["FibreCafe:Kci:Authentication:Basic:Username"] = "gateway-2024";
            s["FibreCafe:Kci:Authentication:Basic:Password"] = "old-password-still-valid";
            s["FibreCafe:Kci:Authentication:Basic:Credentials:1:Username"] = "gateway-2025";
            s["FibreCafe:Kci:Authentication:Basic:Credentials:1:Password"] = "new-password-now-valid";
        });

        using var old = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic("gateway-2024", "old-password-still-valid"));
        using var rotated = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic("gateway-2025", "new-password-now-valid"));
        using var first = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic(KciTestHost.Username, KciTestHost.Password));
        using var crossed = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic("gateway-2024", "new-password-now-valid"));

        Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, crossed.StatusCode);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message == "KCI request authenticated by FibreCafeKci.Basic as gateway-2025.");
    }

    [Fact]
    public async Task Neither_the_configured_nor_the_presented_password_reaches_the_logs_or_the_response()
    {
        const string presented = "Presented-Wrong-Secret-5150";
        await using var host = await KciTestHost.StartAsync();

        using var wrong = await host.PostAsync(TestKcis.Order().ToJsonString(), KciTestHost.Basic(KciTestHost.Username, presented));
        using var right = await host.PostAsync(TestKcis.Order().ToJsonString());
        var body = await wrong.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var logs = host.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        foreach (var secret in new[] { presented, KciTestHost.Password })
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(logs, r => (r.Message + r.Exception + string.Join(",", r.Scopes)).Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Options_never_show_a_password()
    {
        var options = new FibreCafeKciOptions();
        options.Authentication.Basic.Password = "single-pair-secret";
        options.Authentication.Basic.Credentials.Add(new KciBasicCredential { Username = "u", Password = "listed-secret" });

        var text = options + " " + options.Authentication.Basic.Credentials[0];

        Assert.DoesNotContain("single-pair-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("listed-secret", text, StringComparison.Ordinal);
    }
}
