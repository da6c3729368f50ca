using System.Diagnostics;
using System.Net;
using FibreCafe.Benchmarks.Receiver;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// The soak's open loop: unique KCIs leave on a fixed schedule for the whole run, whatever the answers do, and each
/// latency is measured from the request's scheduled time (no coordinated omission), as in the receiver load. Unlike
/// <see cref="LoadDriver.OpenLoopAsync"/> it keeps no task per request (an hour at 500/s is 1.8 million) and exposes
/// its figures while it runs: one latency per scheduled request (<see cref="double.NaN"/> when it failed or was
/// dropped), read per 10-second window by the command.
/// </summary>
internal sealed class SoakLoad : IDisposable
{
    private const int MaxInFlight = 2000;

    private readonly HttpClient _http;
    private readonly KciRequestFactory _kcis = new("/kcis");
    private readonly int _rate;
    private readonly double[] _latencies;
    private long _inFlight;
    private long _errors;
    private long _dropped;
    private string? _firstError;

    public SoakLoad(Uri target, int ratePerSecond, TimeSpan duration)
    {
        if (!target.IsLoopback)
        {
            throw new InvalidOperationException($"The soak only targets loopback addresses, not '{target}'.");
        }

        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), Math.Max(io, 16));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _rate = ratePerSecond;
        _latencies = new double[(long)(ratePerSecond * duration.TotalSeconds)];
        Array.Fill(_latencies, double.PositiveInfinity); // not answered yet
    }

    public long Scheduled => _latencies.LongLength;

    public long Errors => Interlocked.Read(ref _errors);

    public long Dropped => Interlocked.Read(ref _dropped);

    public string? FirstError => _firstError;

    /// <summary>
    /// Gets the latencies of the requests scheduled in <c>[from, to)</c> seconds that answered 204, and how many of
    /// those requests failed or were dropped; call it once they are answered (the command reads a window 30 s later).
    /// </summary>
    public (double[] Latencies, int Failed) Window(double fromSeconds, double toSeconds)
    {
        var from = (long)Math.Clamp(fromSeconds * _rate, 0, _latencies.LongLength);
        var to = (long)Math.Clamp(toSeconds * _rate, 0, _latencies.LongLength);
        var ok = new List<double>((int)(to - from));
        var failed = 0;
        for (var i = from; i < to; i++)
        {
            var value = Volatile.Read(ref _latencies[i]);
            if (double.IsNaN(value))
            {
                failed++;
            }
            else if (!double.IsPositiveInfinity(value))
            {
                ok.Add(value);
            }
        }

        return (ok.ToArray(), failed);
    }

    /// <summary>Sends the schedule from a dedicated thread; completes when every request has answered.</summary>
    public async Task RunAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / _rate;
        var scheduler = new Thread(() =>
        {
            for (long i = 0; i < _latencies.LongLength; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < due)
                {
                    if ((due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency > 1.5)
                    {
                        Thread.Sleep(1);
                    }
                    else
                    {
                        Thread.SpinWait(50);
                    }
                }

                if (Interlocked.Read(ref _inFlight) >= MaxInFlight)
                {
                    Interlocked.Increment(ref _dropped); // bounded: a stalled receiver does not pile up requests here
                    Volatile.Write(ref _latencies[i], double.NaN);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                var index = i;
                var scheduled = due;
                ThreadPool.UnsafeQueueUserWorkItem(async _ =>
                {
                    var ok = await SendAsync();
                    Volatile.Write(ref _latencies[index], ok ? (Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency : double.NaN);
                    Interlocked.Decrement(ref _inFlight);
                }, null);
            }

            done.SetResult();
        })
        { IsBackground = true, Name = "soak scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await done.Task;
        while (Interlocked.Read(ref _inFlight) > 0)
        {
            await Task.Delay(50);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> SendAsync()
    {
        try
        {
            using var request = _kcis.Create();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return true;
            }

            Fail($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Fail($"{ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    private void Fail(string description)
    {
        if (Interlocked.Increment(ref _errors) == 1)
        {
            _firstError = description;
        }
    }
}
