using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;

namespace FibreCafe.Benchmarks.Receiver;

/// <summary>
/// A small HTTP load driver for loopback targets. Closed loop: N workers each send the next request when the
/// previous one answered, for a bounded time and count (throughput). Open loop: requests leave on a fixed
/// schedule whatever the answers do, and each latency is measured from the request's scheduled time, so a
/// stalled server is not hidden by the driver waiting for it (no coordinated omission).
/// </summary>
internal sealed class LoadDriver : IDisposable
{
    private readonly HttpClient _http;

    public LoadDriver(Uri target)
    {
        // The driver must never be the bottleneck: enough pool threads from the start, so that a burst of
        // completions does not wait for the thread pool to grow (it adds about one thread per 0.5 s when starved).
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        if (!target.IsLoopback)
        {
            throw new InvalidOperationException($"The load driver only targets loopback addresses, not '{target}'.");
        }

        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 256,
        })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<LoadResult> ClosedLoopAsync(
        string name, Func<HttpRequestMessage> create, HttpStatusCode expected, int concurrency, TimeSpan duration, long maxRequests)
    {
        long issued = 0;
        var errors = new ErrorCounter();
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var mine = latencies[w] = new List<double>(capacity: 16 * 1024);
            workers[w] = Task.Run(async () =>
            {
                while (clock.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (await SendAsync(create, expected, errors))
                    {
                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(name, $"closed loop, {concurrency} connections", all.Count, errors.Count, errors.First, 0, elapsed, LatencySummary.Of(all));
    }

    public async Task<LoadResult> OpenLoopAsync(
        string name, Func<HttpRequestMessage> create, HttpStatusCode expected, int ratePerSecond, TimeSpan duration, int maxInFlight)
    {
        var total = (long)(ratePerSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var ok = new bool[total];
        var errors = new ErrorCounter();
        long inFlight = 0, dropped = 0;
        var pending = new List<Task>((int)total);
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / ratePerSecond;

        // A dedicated thread keeps the schedule; each request runs on the thread pool. Its end is signalled
        // through a task: waiting with Thread.Join on a pool thread would take one of the pool's few threads
        // (2 on this machine) for the whole phase and stall requests until the pool grows.
        var scheduleDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            try
            {
                for (long i = 0; i < total; i++)
                {
                    var due = start + (long)(i * ticksPerRequest);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                        if (wait > 1.5)
                        {
                            Thread.Sleep(1);
                        }
                        else
                        {
                            Thread.SpinWait(50);
                        }
                    }

                    if (Interlocked.Read(ref inFlight) >= maxInFlight)
                    {
                        dropped++; // bounded: never more than maxInFlight requests outstanding
                        continue;
                    }

                    Interlocked.Increment(ref inFlight);
                    var index = i;
                    var scheduled = due;
                    var task = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    pending.Add(task.Task);
                    ThreadPool.UnsafeQueueUserWorkItem(
                        async _ =>
                        {
                            try
                            {
                                if (await SendAsync(create, expected, errors))
                                {
                                    ok[index] = true;
                                    latencies[index] = (Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency;
                                }
                            }
                            finally
                            {
                                Interlocked.Decrement(ref inFlight);
                                task.SetResult();
                            }
                        },
                        null);
                }
            }
            finally
            {
                scheduleDone.SetResult();
            }
        })
        { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await scheduleDone.Task;
        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var measured = latencies.Where((_, i) => ok[i]).ToList();

        // When the slow answers happened: requests over 25 ms per second of the schedule.
        var slow = new int[(int)Math.Ceiling(duration.TotalSeconds)];
        for (long i = 0; i < total; i++)
        {
            if (ok[i] && latencies[i] > 25)
            {
                slow[Math.Min(slow.Length - 1, (int)(i / ratePerSecond))]++;
            }
        }

        return new LoadResult(name, $"open loop, {ratePerSecond:N0}/s", measured.Count, errors.Count, errors.First, dropped, elapsed, LatencySummary.Of(measured))
        {
            SlowPerSecond = string.Join(' ', slow),
        };
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> SendAsync(Func<HttpRequestMessage> create, HttpStatusCode expected, ErrorCounter errors)
    {
        try
        {
            using var request = create();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode == expected)
            {
                return true;
            }

            errors.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            errors.Add($"{ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    private sealed class ErrorCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public string? First { get; private set; }

        public void Add(string description)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                First = description;
            }
        }
    }
}

/// <summary>The figures of one load phase.</summary>
internal sealed record LoadResult(
    string Name, string Mode, long Succeeded, long Errors, string? FirstError, long Dropped, TimeSpan Elapsed, LatencySummary Latency)
{
    public double Throughput => Succeeded / Elapsed.TotalSeconds;

    /// <summary>Gets, for an open loop, how many answers took over 25 ms in each second of the schedule.</summary>
    public string? SlowPerSecond { get; init; }

    /// <summary>Adds up slices of the same load (counts, time) and pools their latencies' percentiles by weight.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> slices, string what)
    {
        var first = slices[0];
        var count = slices.Sum(s => s.Latency.Count);
        double Weighted(Func<LatencySummary, double> pick) => slices.Sum(s => pick(s.Latency) * s.Latency.Count) / Math.Max(1, count);
        return new LoadResult(
            first.Name,
            $"{first.Mode}, {what}",
            slices.Sum(s => s.Succeeded),
            slices.Sum(s => s.Errors),
            slices.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            slices.Sum(s => s.Dropped),
            TimeSpan.FromTicks(slices.Sum(s => s.Elapsed.Ticks)),
            new LatencySummary(count, Weighted(l => l.P50), Weighted(l => l.P90), Weighted(l => l.P99), slices.Max(s => s.Latency.Max)));
    }
}

/// <summary>KCI bodies with a unique KCI id and entity id per request, built from one template (order-acknowledged).</summary>
internal sealed class KciRequestFactory(string path)
{
    private const string IdSlot = "00000000-0000-0000-0000-000000000000";
    private const string EntitySlot = "100000000000";

    private static readonly byte[] Template = Encoding.UTF8.GetBytes($$$"""
        {"id":"{{{IdSlot}}}","supplier":"FIBRECO","sequenceNumber":1,"issuedOn":"2026-11-23T10:02:05.000Z","receivedOn":"2026-11-23T10:02:06.120Z","deliveredOn":"2026-11-23T10:02:07.410Z","updateType":"INFORMATIONAL","entityType":"PROVIDE_ORDER","entity":{"orderType":"NEW","id":{{{EntitySlot}}},"status":"ACKNOWLEDGED","supplier":"FIBRECO","supplierOrderReference":"FC-778812","created":"2026-11-23T09:53:11.745Z","updated":"2026-11-23T10:02:06.500Z"},"information":{"type":"ACKNOWLEDGED","text":"Order accepted by the supplier."}}
        """.Trim());

    private static readonly int IdOffset = IndexOf(IdSlot);
    private static readonly int EntityOffset = IndexOf(EntitySlot);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly AuthenticationHeaderValue Basic = new(
        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ReceiverHost.Username}:{ReceiverHost.Password}")));

    private long _next;

    public static int BodyLength => Template.Length;

    /// <summary>Gets how many requests (so unique KCIs) were created.</summary>
    public long Created => Interlocked.Read(ref _next);

    public HttpRequestMessage Create()
    {
        var n = Interlocked.Increment(ref _next);
        var body = (byte[])Template.Clone();
        Guid.NewGuid().TryFormat(body.AsSpan(IdOffset, IdSlot.Length), out _, "D");
        Utf8Formatter.TryFormat(100_000_000_000L + n, body.AsSpan(EntityOffset, EntitySlot.Length), out _);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = Basic;
        request.Headers.TryAddWithoutValidation("X-Request-ID", Guid.NewGuid().ToString("D"));
        request.Headers.TryAddWithoutValidation("X-Conversation-ID", "bench-conversation");
        return request;
    }

    private static int IndexOf(string slot) => Template.AsSpan().IndexOf(Encoding.UTF8.GetBytes(slot));
}
