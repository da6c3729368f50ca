using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FibreCafe.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// 10,800 mutated KCI bodies (1,200 of each kind of <see cref="KciMutator"/>, seed 20261123) sent 8 at a
/// time to the sample receiver running as a child process on the SQLite store.
/// </summary>
public sealed class MutatedKciTests(ITestOutputHelper output)
{
    private const int PerKind = 1_200;
    private const long MemoryBound = 512L * 1024 * 1024;
    private const string Password = "mutated-kcis-Basic-password-10k";
    private static readonly HashSet<HttpStatusCode> Answers =
        [HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnprocessableEntity];

    [Fact]
    public async Task Mutated_bodies_never_get_a_5xx_never_crash_the_receiver_stay_within_bounded_memory_and_errors_keep_the_gateways_shape()
    {
        var watch = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("fibrecafe-mutated-");
        try
        {
            await RunAsync(folder, watch);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task RunAsync(DirectoryInfo folder, Stopwatch watch)
    {
        using var receiver = await ReceiverProcess.StartAsync(ReceiverProcess.FreePort(), new Dictionary<string, string?>
        {
            ["FibreCafe__Kci__Authentication__Basic__Username"] = Kcis.Username,
            ["FibreCafe__Kci__Authentication__Basic__Password"] = Password,
            ["FibreCafe__Kci__Store__Path"] = Path.Combine(folder.FullName, "kci.db"),
        });
        var mutator = new KciMutator(20261123);
        var bodies = Enumerable.Range(0, PerKind * KciMutator.Kinds.Length).Select(mutator.Next).ToList();
        var startBytes = receiver.ResidentBytes;
        var peakBytes = startBytes;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakBytes = Math.Max(peakBytes, receiver.ResidentBytes);
                await Task.Delay(100);
            }
        });
        var outcomes = new ConcurrentDictionary<(string Kind, HttpStatusCode Status), int>();
        var failures = new ConcurrentQueue<string>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { Timeout = TimeSpan.FromSeconds(60) };

        await Parallel.ForEachAsync(bodies.Select((b, i) => (b.Kind, b.Body, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            try
            {
                using var response = await Kcis.PostAsync(http, receiver.Kcis, item.Body, Password);
                outcomes.AddOrUpdate((item.Kind, response.StatusCode), 1, (_, n) => n + 1);
                var problem = await CheckAsync(response);
                if (problem is not null)
                {
                    failures.Enqueue($"#{item.Index} ({item.Kind}, {item.Body.Length} bytes): {problem}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Enqueue($"#{item.Index} ({item.Kind}, {item.Body.Length} bytes): no answer ({ex.Message})");
            }
        });
        var sent = watch.Elapsed;

        // Still alive and still working: healthy, and a valid KCI after all that is stored and dispatched.
        using (var health = await http.GetAsync(new Uri($"http://127.0.0.1:{receiver.Port}/health")))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var probe = Kcis.OrderStatus(424242, 1);
        Assert.Equal(204, await Kcis.TryPostAsync(http, receiver.Kcis, probe, Password));
        await Eventually.HoldsAsync(() => receiver.Events.Any(e => e.KciId == Kcis.IdOf(probe)), "the probe KCI dispatched");
        await sampling.CancelAsync();
        await sampler;
        Assert.False(receiver.HasExited);

        if (!failures.IsEmpty)
        {
            output.WriteLine("The receiver's last log lines:\n" + string.Join('\n', receiver.Stderr.TakeLast(40)));
            var first = int.Parse(failures.First()[1..failures.First().IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            output.WriteLine($"The first failing body: {Convert.ToBase64String(bodies[first].Body)}");
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} answer(s) broke the rules, e.g.:\n{string.Join('\n', failures.Take(10))}");
        Assert.Equal(bodies.Count, outcomes.Values.Sum());
        foreach (var kind in KciMutator.Kinds)
        {
            Assert.True(outcomes.Where(o => o.Key.Kind == kind && o.Key.Status != HttpStatusCode.NoContent).Sum(o => o.Value) > 0, $"no '{kind}' body was refused");
        }

        Assert.True(peakBytes < MemoryBound, $"peak resident memory {peakBytes / 1048576} MiB");
        var audit = new SecretAudit().Basic(Kcis.Username, Password);
        audit.AssertClean(receiver.Stderr.Concat(receiver.Stdout), "the receiver's output");
        receiver.Dispose();

        var byStatus = outcomes.GroupBy(o => (int)o.Key.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Sum(o => o.Value)}");
        output.WriteLine(
            $"{bodies.Count} mutated bodies ({bodies.Sum(b => (long)b.Body.Length) / 1048576} MiB) answered in {sent.TotalSeconds:F1} s: {string.Join(", ", byStatus)}; " +
            $"resident memory {startBytes / 1048576} MiB at start, peak {peakBytes / 1048576} MiB (bound {MemoryBound / 1048576} MiB); {audit.LinesChecked} output lines audited.");
        foreach (var kind in KciMutator.Kinds)
        {
            output.WriteLine($"  {kind}: {string.Join(", ", outcomes.Where(o => o.Key.Kind == kind).OrderBy(o => o.Key.Status).Select(o => $"{(int)o.Key.Status} x{o.Value}"))}");
        }
    }

    // Null when the answer is one the gateway expects: 204 with no body, or a refusal in its error shape.
    private static async Task<string?> CheckAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!Answers.Contains(response.StatusCode))
        {
            return $"answered {(int)response.StatusCode}: {body}";
        }

        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return body.Length == 0 ? null : "a 204 with a body";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"{(int)response.StatusCode} is not JSON: {body}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var shape = root.ValueKind == JsonValueKind.Object
                && root.EnumerateObject().Select(p => p.Name).Order().SequenceEqual(["code", "messages", "uuid"])
                && Guid.TryParse(root.GetProperty("uuid").GetString(), out _)
                && root.GetProperty("code").GetString() is "MALFORMED_REQUEST" or "INVALID_REQUEST"
                && root.GetProperty("messages") is { ValueKind: JsonValueKind.Array } messages
                && messages.GetArrayLength() > 0
                && messages.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0);
            return shape ? null : $"{(int)response.StatusCode} not in the gateway's error shape: {body}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} with a body that is not JSON: {body}";
        }
    }
}
