using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FibreCafe.Samples.Tests;

/// <summary>
/// The adapter sample's operations page as an operator meets it: the sample as a process with <c>Sample__ApiKey</c>
/// and <c>Sample__ViewerKey</c>, a browser-like client (cookies kept, redirects not followed) that signs in at
/// <c>/login</c>, and a monitoring system that reads <c>/fibrecafe/api/stats</c> with the API key.
/// </summary>
public sealed partial class AdapterOperationsPageTests
{
    private const string Sample = "FibreCafe.Samples.Adapter";
    private const string AuthCookie = "FibreCafe.Adapter.Operations";

    [Fact]
    public async Task The_adapter_refuses_to_start_when_the_viewer_key_is_the_api_key_naming_the_setting_not_the_value()
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        using var adapter = await SampleProcess.RunAsync(Sample, ["--urls", $"http://127.0.0.1:{SampleProcess.FreePort()}"], new Dictionary<string, string?>
        {
            ["Sample__ApiKey"] = key,
            ["Sample__ViewerKey"] = " " + key, // the same key, as a copy and paste may give it
        });

        Assert.Equal(2, adapter.ExitCode);
        Assert.Contains("Sample:ViewerKey", adapter.StderrText, StringComparison.Ordinal);
        Assert.Contains("must differ from Sample:ApiKey", adapter.StderrText, StringComparison.Ordinal);
        Assert.DoesNotContain(key, adapter.StderrText, StringComparison.Ordinal);
        Assert.Empty(adapter.Stdout);
    }

    [Fact]
    public async Task The_page_is_behind_a_cookie_login_of_its_own_that_refuses_wrong_keys_and_forged_forms_and_follows_only_local_return_urls()
    {
        await using var adapter = await Adapter.StartAsync();
        using var anonymous = adapter.Browser();

        // Anonymous: the page's challenge is the cookie handler's redirect to the form, with the way back.
        using (var page = await anonymous.GetAsync(new Uri("fibrecafe/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Found, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
            Assert.Equal("?ReturnUrl=%2Ffibrecafe%2F", page.Headers.Location.Query);
        }

        // The form: a password input, the antiforgery token, no script, and a policy that would forbid any.
        using (var login = await anonymous.GetAsync(new Uri("login", UriKind.Relative)))
        {
            var html = await login.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal("text/html", login.Content.Headers.ContentType?.MediaType);
            var policy = string.Join(", ", login.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Contains("<form method=\"post\" action=\"/login\">", html, StringComparison.Ordinal);
            Assert.Contains("<input type=\"password\" name=\"key\"", html, StringComparison.Ordinal);
            Assert.NotNull(Token(html));
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        }

        // A wrong key: the form again with a 401 and a message that names no key, and no cookie to sign in with.
        var wrong = "wrong-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using (var refused = await adapter.SignInAsync(anonymous, wrong))
        {
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("That key does not sign in here.", html, StringComparison.Ordinal);
            Assert.Contains("<input type=\"password\" name=\"key\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, html, StringComparison.Ordinal);
            Assert.Null(AuthCookieOf(refused));
        }

        Assert.Equal(HttpStatusCode.Found, await adapter.StatusAsync(anonymous, "fibrecafe/requests"));

        // The right key without the form's antiforgery token (a cross-site post): refused before the key is looked at.
        using (var forged = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = adapter.Address })
        using (var noToken = await forged.PostAsync(new Uri("login", UriKind.Relative), new FormUrlEncodedContent([new("key", adapter.ApiKey)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
            Assert.Null(AuthCookieOf(noToken));
        }

        // A ReturnUrl to another host, written in any of the ways a browser reads as one, is not followed.
        foreach (var elsewhere in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)" })
        {
            using var browser = adapter.Browser();
            using var signedIn = await adapter.SignInAsync(browser, adapter.ApiKey, elsewhere);
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
            Assert.Equal("/fibrecafe/", signedIn.Headers.Location!.OriginalString);
        }

        // The right key: a cookie of the page's own (HttpOnly, SameSite=Strict), back where the redirect came from.
        using var operatorBrowser = adapter.Browser();
        using (var signedIn = await adapter.SignInAsync(operatorBrowser, adapter.ApiKey, "/fibrecafe/requests?state=Scheduled"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
            Assert.Equal("/fibrecafe/requests?state=Scheduled", signedIn.Headers.Location!.OriginalString);
            var cookie = AuthCookieOf(signedIn);
            Assert.NotNull(cookie);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(HttpStatusCode.OK, await adapter.StatusAsync(operatorBrowser, "fibrecafe/requests?state=Scheduled"));

        // The cookie is nobody's default scheme: it does not open the TMF641 API, which takes only its bearer key.
        Assert.Equal(HttpStatusCode.Unauthorized, await adapter.StatusAsync(operatorBrowser, "tmf-api/serviceOrdering/v4/cancelServiceOrder"));

        // Signing out takes the form's token too, and leaves the page behind the login again.
        var form = await (await operatorBrowser.GetAsync(new Uri("login", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("Signed in as <strong>operator</strong>", form, StringComparison.Ordinal);
        using (var forgedLogout = await operatorBrowser.PostAsync(new Uri("logout", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forgedLogout.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await adapter.StatusAsync(operatorBrowser, "fibrecafe/requests"));
        using (var logout = await operatorBrowser.PostAsync(new Uri("logout", UriKind.Relative), new FormUrlEncodedContent([new(TokenField, Token(form)!)])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
            Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.Found, await adapter.StatusAsync(operatorBrowser, "fibrecafe/requests"));

        await adapter.StopAsync(also: wrong);
    }

    [Fact]
    public async Task The_api_key_signs_in_to_act_the_viewer_key_only_to_look_and_the_stats_take_the_api_key_as_a_bearer_token()
    {
        await using var adapter = await Adapter.StartAsync();

        // A cancellation for the day after tomorrow: stored, scheduled, not sent; the life cycle still allows a withdrawal.
        var later = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var created = await adapter.TmfAsync(HttpMethod.Post, "cancelServiceOrder", $$"""{"serviceOrder":{"id":"12345"},"requestedCancellationDate":"{{later}}"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Json!["id"]!;
        var detail = "fibrecafe/requests/" + id;

        // The viewer sees the request, read-only, without a button; a POST of the action is refused with a 403, even
        // with a valid antiforgery token of its own (from the login page), and changes nothing.
        using var viewer = adapter.Browser();
        using (var signedIn = await adapter.SignInAsync(viewer, adapter.ViewerKey))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        }

        // Every section opens for the viewer (the overview and the inbox read the store's inbox queries).
        foreach (var section in new[] { "fibrecafe/", "fibrecafe/inbox", "fibrecafe/requests", "fibrecafe/ledger", "fibrecafe/subscriptions" })
        {
            Assert.Equal(HttpStatusCode.OK, await adapter.StatusAsync(viewer, section));
        }

        var viewed = await viewer.GetStringAsync(new Uri(detail, UriKind.Relative));
        Assert.Contains(id, viewed, StringComparison.Ordinal);
        Assert.Contains("viewer · read-only", viewed, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\"", viewed, StringComparison.Ordinal);
        Assert.DoesNotContain(">Withdraw<", viewed, StringComparison.Ordinal);
        var viewerToken = Token(await viewer.GetStringAsync(new Uri("login", UriKind.Relative)))!;
        using (var refused = await viewer.PostAsync(new Uri(detail + "/withdraw", UriKind.Relative), new FormUrlEncodedContent([new(TokenField, viewerToken)])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal("accepted", (string?)(await adapter.TmfAsync(HttpMethod.Get, "cancelServiceOrder/" + id)).Json!["state"]);

        // The operator sees the buttons the life cycle allows for a scheduled request, and the withdrawal goes through.
        using var operatorBrowser = adapter.Browser();
        using (var signedIn = await adapter.SignInAsync(operatorBrowser, adapter.ApiKey))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        }

        var page = await operatorBrowser.GetStringAsync(new Uri(detail, UriKind.Relative));
        Assert.DoesNotContain("read-only", page, StringComparison.Ordinal);
        Assert.Contains(">Reschedule<", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Resubmit<", page, StringComparison.Ordinal); // only a parked request is resubmitted
        var (action, token) = ActionForm(page, "Withdraw");
        using (var withdrawn = await operatorBrowser.PostAsync(new Uri(new Uri(adapter.Address, detail), action), new FormUrlEncodedContent([new(TokenField, token)])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, withdrawn.StatusCode);
            Assert.EndsWith("requests/" + id + "?done=withdrawn", withdrawn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        page = await operatorBrowser.GetStringAsync(new Uri(detail, UriKind.Relative));
        Assert.Contains("The cancellation request was withdrawn.", await operatorBrowser.GetStringAsync(new Uri(detail + "?done=withdrawn", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("by operator", page, StringComparison.Ordinal); // the history names the cookie's user
        Assert.DoesNotContain(">Withdraw<", page, StringComparison.Ordinal);
        var tmf = (await adapter.TmfAsync(HttpMethod.Get, "cancelServiceOrder/" + id)).Json!;
        Assert.Equal("terminatedWithError", (string?)tmf["state"]);
        Assert.Equal("WITHDRAWN", (string?)tmf["errorMessage"]!["code"]);

        // A monitoring system reads the stats with the API key as its bearer token; a viewer signed in may too.
        using var monitor = new HttpClient { BaseAddress = adapter.Address };
        using (var request = new HttpRequestMessage(HttpMethod.Get, "fibrecafe/api/stats") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", adapter.ApiKey) } })
        using (var stats = await monitor.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
            Assert.Equal("application/json", stats.Content.Headers.ContentType?.MediaType);
            var json = JsonNode.Parse(await stats.Content.ReadAsStringAsync())!;
            Assert.Equal(1, (long)json["requests"]!["byState"]!["Withdrawn"]!);
        }

        Assert.Equal(HttpStatusCode.OK, await adapter.StatusAsync(viewer, "fibrecafe/api/stats"));

        // The API key opens the stats only: on the pages a bearer token is no sign-in, and the answer is the login's redirect.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "fibrecafe/requests") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", adapter.ApiKey) } })
        using (var pageWithBearer = await adapter.Browser().SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Found, pageWithBearer.StatusCode);
            Assert.Equal("/login", pageWithBearer.Headers.Location!.AbsolutePath);
        }

        // Without the key, or with the viewer key (which is no API key), the stats answer 401 with WWW-Authenticate:
        // Bearer, and no redirect to a form a monitoring system cannot fill in.
        foreach (var bearer in new[] { null, adapter.ViewerKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "fibrecafe/api/stats");
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            using var stats = await adapter.Browser().SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
            Assert.Equal("Bearer", string.Join(", ", stats.Headers.WwwAuthenticate));
            Assert.Null(stats.Headers.Location);
        }

        // Nor does the viewer key open the TMF641 API.
        Assert.Equal(HttpStatusCode.Unauthorized, (await adapter.TmfAsync(HttpMethod.Get, "cancelServiceOrder", bearer: adapter.ViewerKey)).Status);

        await adapter.StopAsync();
    }

    private const string TokenField = "__RequestVerificationToken";

    /// <summary>The antiforgery token of the first form on a page, <see langword="null"/> when there is none.</summary>
    private static string? Token(string html) =>
        TokenInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["value"].Value) : null;

    /// <summary>The action and token of the form whose button says <paramref name="label"/>.</summary>
    private static (string Action, string Token) ActionForm(string html, string label)
    {
        var form = Forms().Matches(html).SingleOrDefault(m => m.Groups["inner"].Value.Contains($">{label}</button>", StringComparison.Ordinal));
        Assert.True(form is not null, $"No form with a {label} button in:\n{html}");
        return (WebUtility.HtmlDecode(form.Groups["action"].Value), Token(form.Value)!);
    }

    /// <summary>The Set-Cookie of the page's sign-in cookie (with a value, not a deletion), or <see langword="null"/>.</summary>
    private static string? AuthCookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal) && !c.StartsWith(AuthCookie + "=;", StringComparison.Ordinal))
            : null;

    [GeneratedRegex("""<input type="hidden" name="__RequestVerificationToken" value="(?<value>[^"]+)">""")]
    private static partial Regex TokenInput();

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]*)"[^>]*>(?<inner>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex Forms();

    /// <summary>A running adapter with a random API key and a random viewer key.</summary>
    private sealed class Adapter : IAsyncDisposable
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
        private readonly List<HttpClient> _clients = [];

        private Adapter(SampleProcess process, int port, string apiKey, string viewerKey)
        {
            Process = process;
            Address = new Uri($"http://127.0.0.1:{port}/");
            ApiKey = apiKey;
            ViewerKey = viewerKey;
        }

        public SampleProcess Process { get; }

        public Uri Address { get; }

        public string ApiKey { get; }

        public string ViewerKey { get; }

        public static async Task<Adapter> StartAsync()
        {
            var port = SampleProcess.FreePort();
            var keys = (Api: Convert.ToHexString(RandomNumberGenerator.GetBytes(24)), Viewer: Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
            var process = SampleProcess.Start(Sample, ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string?>
            {
                ["Sample__ApiKey"] = keys.Api,
                ["Sample__ViewerKey"] = keys.Viewer,
            });
            var adapter = new Adapter(process, port, keys.Api, keys.Viewer);
            await process.WaitUntilHealthyAsync(port, Wait);
            return adapter;
        }

        /// <summary>A client that keeps its cookies, as a browser does, and shows each redirect instead of following it.</summary>
        public HttpClient Browser()
        {
            var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
            _clients.Add(client);
            return client;
        }

        /// <summary>Opens <c>/login</c> and posts <paramref name="key"/> with the form's token (and a ReturnUrl when given).</summary>
        public async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string? returnUrl = null)
        {
            var form = await browser.GetStringAsync(new Uri("login", UriKind.Relative));
            var fields = new List<KeyValuePair<string, string>> { new(TokenField, Token(form)!), new("key", key) };
            if (returnUrl is not null)
            {
                fields.Add(new("ReturnUrl", returnUrl));
            }

            return await browser.PostAsync(new Uri("login", UriKind.Relative), new FormUrlEncodedContent(fields));
        }

        public async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }

        /// <summary>Calls the TMF641 API with the API key as bearer token (or <paramref name="bearer"/>).</summary>
        public async Task<(HttpStatusCode Status, JsonNode? Json)> TmfAsync(HttpMethod method, string path, string? json = null, string? bearer = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(Address, "tmf-api/serviceOrdering/v4/" + path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer ?? ApiKey);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var http = new HttpClient();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
        }

        /// <summary>Stops the adapter (SIGTERM) and checks it ended cleanly with neither key, nor <paramref name="also"/>, in its output.</summary>
        public async Task StopAsync(string? also = null)
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Process.WaitForExitAsync(Wait);
            Assert.True(Process.ExitCode == 0, Process.StderrText);
            Assert.Contains("signed in to the operations page", Process.StderrText, StringComparison.Ordinal); // the log was written, and read here
            foreach (var secret in new[] { ApiKey, ViewerKey, also })
            {
                if (secret is not null)
                {
                    Assert.DoesNotContain(secret, Process.StderrText, StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.Empty(Process.Stdout); // the log goes to stderr
        }

        public ValueTask DisposeAsync()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            Process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
