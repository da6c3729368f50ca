using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using FibreCafe.Benchmarks.Infrastructure;
using FibreCafe.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Benchmarks.Token;

/// <summary>
/// The <c>token</c> command: 1,000 concurrent calls on a cold token cache, counting the token requests the
/// gateway saw (goal: exactly 1) and comparing the latency of that first wave with a warm wave of the same
/// size. Each round uses a new service provider, so the cache and the connection pool start empty, as in a
/// process that just started. A second scenario lets the token expire between waves while the connections
/// stay open, to separate the cost of the token from the cost of opening 1,000 connections.
/// </summary>
internal static class TokenSingleFlightCommand
{
    private static readonly ServiceOrderCancellationRequest Request = new()
    {
        OrderId = 123,
        ReasonCode = OrderCancellationReasonCode.CustomerChangedMind,
        Text = "Delivery too long",
    };

    public static async Task<int> RunAsync(Options options)
    {
        using var gateway = ChildServer.Start("serve-gateway");
        using var http = new HttpClient { BaseAddress = gateway.Url };
        using var tokenMeter = new TokenRequestMeter();
        Console.WriteLine($"gateway {gateway.Url} (pid {gateway.ProcessId}); {options.Calls} concurrent calls per wave, {options.Rounds} rounds per scenario");

        // One unmeasured round first, so that JIT compilation of the process is not counted as the token's cost.
        await ColdStartAsync(gateway, http, tokenMeter, options with { Rounds = 1 }, 0);

        var scenarios = new List<ScenarioResult>();
        foreach (var delay in new[] { 0, 100 })
        {
            await ConfigureAsync(http, delay, expiresIn: 3600);
            scenarios.Add(await ColdStartAsync(gateway, http, tokenMeter, options, delay));
        }

        await ConfigureAsync(http, 0, expiresIn: ExpiringTokenSeconds);
        scenarios.Add(await ExpiredTokenAsync(gateway, http, tokenMeter, options));

        var md = new StringBuilder();
        md.AppendLine("## 2. Token single flight: 1,000 concurrent calls on a cold cache");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{options.Calls:N0} calls started at once through `IFibreCafeClient` against the loopback gateway (separate process); {options.Rounds} rounds per scenario, each with a new service provider. ");
        md.AppendLine("\"Token requests\" are counted by the gateway (and cross-checked with the client's `fibrecafe.client.token_requests` counter). Latency is per call, from its start to its result; the warm wave is a wave of the same size on the same provider after two unmeasured settling waves. One unmeasured round runs first (JIT).");
        md.AppendLine();
        md.AppendLine("| scenario | token endpoint delay | token requests per cold wave (gateway / client meter) | cold wave p50 / p99 / max (all rounds pooled) | warm wave p50 / p99 / max (all rounds pooled) | added by the first wave p50 / p99 (median over rounds of cold − warm) | wave duration cold / warm |");
        md.AppendLine("|---|---:|---|---|---|---|---|");
        foreach (var s in scenarios)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.TokenDelayMs} ms | {string.Join(", ", s.TokenRequests)} / {string.Join(", ", s.MeterTokenRequests)} | {s.Cold} | {s.Warm} | {s.AddedP50:+0.0;-0.0} / {s.AddedP99:+0.0;-0.0} ms | {s.ColdWaveMs.Average():0} / {s.WarmWaveMs.Average():0} ms |");
        }

        var exactlyOne = scenarios.All(s => s.TokenRequests.All(n => n == 1) && s.WarmTokenRequests.All(n => n == 0));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- **Token requests per cold wave: {string.Join(", ", scenarios.SelectMany(s => s.TokenRequests).Distinct())}** over {scenarios.Sum(s => s.TokenRequests.Count)} cold waves, none during warm waves (goal: exactly 1): **{(exactlyOne ? "pass" : "FAIL")}**");
        md.AppendLine("- \"cold start\" = empty token cache and empty connection pool (a process that just started); \"expired token\" = token expired between waves (`TokenExpiryMargin` 0, `TokenRefreshAhead` 0, `expires_in` " +
            ExpiringTokenSeconds.ToString(CultureInfo.InvariantCulture) + " s) with the 1,000 connections of the earlier waves still open, so it isolates what the token itself adds.");
        md.AppendLine();

        var coldStart = scenarios[0];
        Goals.Append(options.ResultsDirectory, $"Token requests per cold wave of {options.Calls:N0} concurrent calls", "exactly 1",
            $"{string.Join(", ", scenarios.SelectMany(s => s.TokenRequests).Distinct())} in each of {scenarios.Sum(s => s.TokenRequests.Count)} cold waves", exactlyOne);
        Goals.Append(options.ResultsDirectory, "Latency added by the first (cold) wave", "(reported)",
            string.Create(CultureInfo.InvariantCulture, $"cold start: p50 {coldStart.AddedP50:+0.0;-0.0} ms, p99 {coldStart.AddedP99:+0.0;-0.0} ms (100 ms token endpoint: {scenarios[1].AddedP50:+0.0;-0.0} / {scenarios[1].AddedP99:+0.0;-0.0} ms); expired token, warm connections: p50 {scenarios[^1].AddedP50:+0.0;-0.0} ms, p99 {scenarios[^1].AddedP99:+0.0;-0.0} ms"), "reported");
        Directory.CreateDirectory(options.ResultsDirectory);
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "token.md"), md.ToString());
        Console.WriteLine(md.ToString());
        return exactlyOne ? 0 : 1;
    }

    private const int ExpiringTokenSeconds = 6;

    private static async Task<ScenarioResult> ColdStartAsync(ChildServer gateway, HttpClient control, TokenRequestMeter meter, Options options, int delayMs)
    {
        var result = new ScenarioResult("cold start", delayMs);
        for (var round = 0; round < options.Rounds; round++)
        {
            await using var services = CreateClient(gateway.Url, expiring: false);
            var client = services.GetRequiredService<IFibreCafeClient>();
            var (cold, coldTokens, coldMeter) = await MeasuredWaveAsync(client, control, meter, options.Calls);
            var (warm, warmTokens) = await SettledWarmWaveAsync(client, control, meter, options.Calls);
            result.Add(cold, coldTokens, coldMeter, warm, warmTokens);
            Console.WriteLine($"cold start, delay {delayMs} ms, round {round + 1}: tokens {coldTokens}+{warmTokens}; cold {cold.Latency}; warm {warm.Latency}");
        }

        return result;
    }

    private static async Task<ScenarioResult> ExpiredTokenAsync(ChildServer gateway, HttpClient control, TokenRequestMeter meter, Options options)
    {
        var result = new ScenarioResult("expired token, warm connections", 0);
        for (var round = 0; round < options.Rounds; round++)
        {
            await using var services = CreateClient(gateway.Url, expiring: true);
            var client = services.GetRequiredService<IFibreCafeClient>();
            var issued = Stopwatch.StartNew(); // the token is issued after this point
            await MeasuredWaveAsync(client, control, meter, options.Calls); // opens the connections
            await MeasuredWaveAsync(client, control, meter, options.Calls);
            var wait = TimeSpan.FromSeconds(ExpiringTokenSeconds + 0.5) - issued.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var (cold, coldTokens, coldMeter) = await MeasuredWaveAsync(client, control, meter, options.Calls);
            var (warm, warmTokens) = await SettledWarmWaveAsync(client, control, meter, options.Calls);
            result.Add(cold, coldTokens, coldMeter, warm, warmTokens);
            Console.WriteLine($"expired token, round {round + 1}: tokens {coldTokens}+{warmTokens}; cold {cold.Latency}; warm {warm.Latency}");
        }

        return result;
    }

    /// <summary>Two more waves to let the connection pool settle, then the measured warm wave; token requests of all three.</summary>
    private static async Task<(Wave Wave, int Tokens)> SettledWarmWaveAsync(IFibreCafeClient client, HttpClient control, TokenRequestMeter meter, int calls)
    {
        var (_, settle1, _) = await MeasuredWaveAsync(client, control, meter, calls);
        var (_, settle2, _) = await MeasuredWaveAsync(client, control, meter, calls);
        var (warm, tokens, _) = await MeasuredWaveAsync(client, control, meter, calls);
        return (warm, settle1 + settle2 + tokens);
    }

    private static ServiceProvider CreateClient(Uri gateway, bool expiring)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFibreCafeClient(o =>
        {
            o.BaseAddress = new Uri(gateway, "/v1");
            o.TokenEndpoint = new Uri(gateway, LoopbackGateway.TokenPath);
            o.ClientId = LoopbackGateway.ClientId;
            o.ClientSecret = LoopbackGateway.ClientSecret;
            if (expiring)
            {
                o.TokenExpiryMargin = TimeSpan.Zero;
                o.TokenRefreshAhead = TimeSpan.Zero;
            }
        });
        return services.BuildServiceProvider();
    }

    private static async Task<(Wave Wave, int GatewayTokens, long MeterTokens)> MeasuredWaveAsync(
        IFibreCafeClient client, HttpClient control, TokenRequestMeter meter, int calls)
    {
        var before = await TokenRequestsAsync(control);
        var meterBefore = meter.Count;
        var wave = await WaveAsync(client, calls);
        var after = await TokenRequestsAsync(control);
        return (wave, after - before, meter.Count - meterBefore);
    }

    private static async Task<Wave> WaveAsync(IFibreCafeClient client, int calls)
    {
        var latencies = new double[calls];
        var tasks = new Task[calls];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            tasks[i] = CallAsync(client, latencies, i);
        }

        await Task.WhenAll(tasks);
        return new Wave(latencies, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        static async Task CallAsync(IFibreCafeClient client, double[] latencies, int i)
        {
            var start = Stopwatch.GetTimestamp();
            var created = await client.CancelServiceOrderAsync(Request);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (created.Value.Id != 234)
            {
                throw new InvalidOperationException("Unexpected answer.");
            }
        }
    }

    private static async Task<int> TokenRequestsAsync(HttpClient control) =>
        int.Parse(await control.GetStringAsync(new Uri("/_bench/token-requests", UriKind.Relative)), CultureInfo.InvariantCulture);

    private static async Task ConfigureAsync(HttpClient control, int tokenDelayMs, int expiresIn)
    {
        using var response = await control.PostAsync(
            new Uri(FormattableString.Invariant($"/_bench/configure?tokenDelayMs={tokenDelayMs}&expiresIn={expiresIn}"), UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    internal sealed record Options(string ResultsDirectory, int Calls, int Rounds);

    private sealed record Wave(double[] Latencies, double DurationMs)
    {
        public LatencySummary Latency => LatencySummary.Of(Latencies);
    }

    private sealed class ScenarioResult(string name, int tokenDelayMs)
    {
        private readonly List<double> _cold = [];
        private readonly List<double> _warm = [];
        private readonly List<(double P50, double P99)> _added = [];

        public string Name { get; } = name;

        public int TokenDelayMs { get; } = tokenDelayMs;

        public List<int> TokenRequests { get; } = [];

        public List<long> MeterTokenRequests { get; } = [];

        public List<int> WarmTokenRequests { get; } = [];

        public List<double> ColdWaveMs { get; } = [];

        public List<double> WarmWaveMs { get; } = [];

        public LatencySummary Cold => LatencySummary.Of(_cold);

        public LatencySummary Warm => LatencySummary.Of(_warm);

        /// <summary>Gets the median over rounds of (cold wave p50 − warm wave p50): one noisy round cannot swing it.</summary>
        public double AddedP50 => Median(_added.Select(a => a.P50));

        /// <summary>Gets the median over rounds of (cold wave p99 − warm wave p99).</summary>
        public double AddedP99 => Median(_added.Select(a => a.P99));

        public void Add(Wave cold, int coldTokens, long coldMeter, Wave warm, int warmTokens)
        {
            _cold.AddRange(cold.Latencies);
            _warm.AddRange(warm.Latencies);
            var (c, w) = (cold.Latency, warm.Latency);
            _added.Add((c.P50 - w.P50, c.P99 - w.P99));
            TokenRequests.Add(coldTokens);
            MeterTokenRequests.Add(coldMeter);
            WarmTokenRequests.Add(warmTokens);
            ColdWaveMs.Add(cold.DurationMs);
            WarmWaveMs.Add(warm.DurationMs);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Counts the client's own <c>fibrecafe.client.token_requests</c> measurements.</summary>
    private sealed class TokenRequestMeter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public TokenRequestMeter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FibreCafeDiagnostics.SourceName && instrument.Name == "fibrecafe.client.token_requests")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
