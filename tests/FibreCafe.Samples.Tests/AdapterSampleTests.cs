using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FibreCafe.Samples.Tests;

/// <summary>
/// The adapter sample as its users run it: a process on a free loopback port, on the embedded sandbox, driven over HTTP
/// through its TMF641 API with the bearer key of <c>Sample__ApiKey</c>.
/// </summary>
public sealed class AdapterSampleTests
{
    private const string Sample = "FibreCafe.Samples.Adapter";
    private const string MediaType = "application/json;charset=utf-8";

    [Fact]
    public async Task The_adapter_refuses_to_start_without_an_api_key_naming_the_setting()
    {
        using var adapter = await SampleProcess.RunAsync(Sample, ["--urls", $"http://127.0.0.1:{SampleProcess.FreePort()}"], new Dictionary<string, string?>
        {
            ["Sample__ApiKey"] = string.Empty, // whatever the test runner's environment holds
        });

        Assert.Equal(2, adapter.ExitCode);
        Assert.Contains("Sample:ApiKey", adapter.StderrText, StringComparison.Ordinal);
        Assert.Contains("Sample__ApiKey", adapter.StderrText, StringComparison.Ordinal);
        Assert.Empty(adapter.Stdout);
    }

    [Fact]
    public async Task Without_the_right_bearer_key_the_api_answers_401_as_a_tmf_error_and_creates_nothing_and_the_kcis_keep_their_own_authentication()
    {
        await using var adapter = await Adapter.StartAsync();

        string?[] wrong = [null, "Bearer", "Bearer " + adapter.Key + "x", "Bearer " + adapter.Key[..^1], "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + adapter.Key))];
        foreach (var authorization in wrong)
        {
            var answer = await adapter.SendAsync(HttpMethod.Post, "cancelServiceOrder", """{"serviceOrder":{"id":"12345"}}""", authorization);
            Assert.Equal(401, answer.Status);
            Assert.Equal(MediaType, answer.ContentType);
            Assert.Equal("Bearer", answer.WwwAuthenticate);
            Assert.Equal("UNAUTHORIZED", (string?)answer.Object["code"]);
            Assert.Equal("401", (string?)answer.Object["status"]);
            Assert.Equal("Error", (string?)answer.Object["@type"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)answer.Object["reason"]));
        }

        Assert.Equal(401, (await adapter.SendAsync(HttpMethod.Get, "cancelServiceOrder", authorization: null)).Status);
        var list = await adapter.SendAsync(HttpMethod.Get, "cancelServiceOrder");
        Assert.Equal(200, list.Status);
        Assert.Empty(Assert.IsType<JsonArray>(list.Json));

        using var kci = new StringContent("{}", Encoding.UTF8, "application/json");
        using var kciAnswer = await adapter.Http.PostAsync(new Uri($"http://127.0.0.1:{adapter.Port}/kcis"), kci);
        Assert.Equal(401, (int)kciAnswer.StatusCode);

        await adapter.StopAsync();
    }

    [Fact]
    public async Task A_cancellation_created_through_the_api_ends_done_on_the_sandbox_in_the_scenario_its_x_scenario_header_chose()
    {
        await using var adapter = await Adapter.StartAsync();

        var accepted = await adapter.CreateAsync(12345);
        var rejected = await adapter.CreateAsync(12346, scenario: "CANCELLATION_REJECTED");
        var unknown = await adapter.CreateAsync(12347, scenario: "NO_SUCH_SCENARIO");

        var done = await adapter.DoneAsync(accepted);
        Assert.NotNull(done["effectiveCancellationDate"]);
        var refused = await adapter.DoneAsync(rejected);
        Assert.Null(refused["effectiveCancellationDate"]);
        Assert.Contains("refused", (string?)refused["completionMessage"], StringComparison.Ordinal);
        Assert.NotNull((await adapter.DoneAsync(unknown))["effectiveCancellationDate"]); // the default scenario
        Assert.Contains("unknown sandbox scenario 'NO_SUCH_SCENARIO'", adapter.Process.StderrText, StringComparison.Ordinal);

        var list = await adapter.SendAsync(HttpMethod.Get, "cancelServiceOrder?fields=state");
        Assert.Equal(200, list.Status);
        var items = Assert.IsType<JsonArray>(list.Json);
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(["href", "id", "state"], i!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)));
        Assert.All(items, i => Assert.Equal("done", (string?)i!["state"]));

        await adapter.StopAsync();
    }

    [Fact]
    public async Task A_listener_registered_on_the_hub_hears_the_cancellation_move_to_in_progress_and_done_in_order()
    {
        await using var adapter = await Adapter.StartAsync();
        var callback = $"http://127.0.0.1:{adapter.Port}/demo-listener";
        var hub = await adapter.SendAsync(HttpMethod.Post, "hub", $$"""{"callback":"{{callback}}","query":"eventType=CancelServiceOrderStateChangeEvent"}""");
        Assert.Equal(201, hub.Status);

        var id = await adapter.CreateAsync(12345);
        await adapter.Process.WaitForStdoutAsync(l => l.Contains("\"done\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var heard = adapter.Process.JsonLines.Where(l => l.GetProperty("id").GetString() == id).ToList();
        Assert.Equal(["inProgress", "done"], heard.Select(l => l.GetProperty("state").GetString()));
        Assert.All(heard, l => Assert.Equal("/demo-listener/listener/cancelServiceOrderStateChangeEvent", l.GetProperty("listener").GetString()));
        Assert.Equal(2, heard.Select(l => l.GetProperty("eventId").GetString()).Distinct().Count());
        await adapter.StopAsync(stdoutExpected: true);
    }

    /// <summary>A running adapter with its own random API key, and a client of its TMF641 API.</summary>
    private sealed class Adapter : IAsyncDisposable
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

        private Adapter(SampleProcess process, int port, string key)
        {
            Process = process;
            Port = port;
            Key = key;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/tmf-api/serviceOrdering/v4/") };
        }

        public SampleProcess Process { get; }

        public int Port { get; }

        public string Key { get; }

        public HttpClient Http { get; }

        public static async Task<Adapter> StartAsync()
        {
            var port = SampleProcess.FreePort();
            var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            var process = SampleProcess.Start(Sample, ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string?>
            {
                ["Sample__ApiKey"] = key,
            });
            await process.WaitUntilHealthyAsync(port, Wait);
            return new Adapter(process, port, key);
        }

        /// <summary>Sends with the right key unless <paramref name="authorization"/> says otherwise (<see langword="null"/>: no header).</summary>
        public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null, string? authorization = "", string? scenario = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if ((authorization == string.Empty ? "Bearer " + Key : authorization) is { } value)
            {
                request.Headers.TryAddWithoutValidation("Authorization", value);
            }

            if (scenario is not null)
            {
                request.Headers.Add("X-Scenario", scenario);
            }

            using var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new Answer(
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString().Replace(" ", string.Empty, StringComparison.Ordinal),
                string.Join(", ", response.Headers.WwwAuthenticate),
                body.Length == 0 ? null : JsonNode.Parse(body));
        }

        /// <summary>Creates a cancellation of <paramref name="orderId"/>, checks the 201 and returns its id.</summary>
        public async Task<string> CreateAsync(long orderId, string? scenario = null)
        {
            var created = await SendAsync(HttpMethod.Post, "cancelServiceOrder", $$$"""{"serviceOrder":{"id":"{{{orderId}}}"}}""", scenario: scenario);
            Assert.True(created.Status == 201, created.Json?.ToJsonString());
            Assert.Equal(MediaType, created.ContentType);
            Assert.Equal("accepted", (string?)created.Object["state"]);
            Assert.Equal(orderId.ToString(CultureInfo.InvariantCulture), (string?)created.Object["serviceOrder"]!["id"]);
            return (string)created.Object["id"]!;
        }

        /// <summary>Reads the cancellation until the sandbox's KCIs have moved it to <c>done</c>.</summary>
        public async Task<JsonObject> DoneAsync(string id)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                var answer = await SendAsync(HttpMethod.Get, "cancelServiceOrder/" + id);
                Assert.Equal(200, answer.Status);
                var state = (string?)answer.Object["state"];
                Assert.NotEqual("terminatedWithError", state);
                if (state == "done")
                {
                    return answer.Object;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{id} is still {state} after {Wait}:\n{Process.StderrText}");
                await Task.Delay(100);
            }
        }

        /// <summary>Stops the adapter as a service manager does (SIGTERM) and checks it ended cleanly without logging its key.</summary>
        public async Task StopAsync(bool stdoutExpected = false)
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Process.WaitForExitAsync(Wait);
            Assert.True(Process.ExitCode == 0, Process.StderrText);
            Assert.DoesNotContain(Key, Process.StderrText, StringComparison.Ordinal);
            if (!stdoutExpected)
            {
                Assert.Empty(Process.Stdout); // the log goes to stderr
            }
        }

        public ValueTask DisposeAsync()
        {
            Http.Dispose();
            Process.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed record Answer(int Status, string? ContentType, string WwwAuthenticate, JsonNode? Json)
    {
        public JsonObject Object => Assert.IsType<JsonObject>(Json);
    }
}
