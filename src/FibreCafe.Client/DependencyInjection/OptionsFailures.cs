using System.Globalization;
using FibreCafe.Client.Authentication;
using Microsoft.Extensions.Options;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// The failures of one client's options, each message starting with the failing key under the client's configuration
/// path: <c>&lt;path&gt;:&lt;Key&gt; must …</c>. Each <c>Require…</c> states the rule that must hold, records a failure when
/// it does not, and returns whether it held, so that a rule depending on another can be skipped after its failure.
/// Keys are relative to the path; a rule that names a second key shows it as the caller gives it.
/// </summary>
internal sealed class OptionsFailures
{
    private readonly List<string> _failures;
    private readonly string _prefix;

    public OptionsFailures(string path)
        : this(path, [])
    {
    }

    private OptionsFailures(string path, List<string> failures)
    {
        _prefix = path + ":";
        _failures = failures;
    }

    /// <summary>The failures of the keys under <paramref name="section"/>, e.g. <c>Resilience</c>, collected with these.</summary>
    public OptionsFailures Under(string section) => new(_prefix + section, _failures);

    /// <summary>Returns the full key of <paramref name="key"/>, e.g. <c>FibreCafe:Resilience:TotalTimeout</c>.</summary>
    public string Key(string key) => _prefix + key;

    public ValidateOptionsResult Result() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    public bool RequireValue(string key, string? value) =>
        Require(!string.IsNullOrWhiteSpace(value), key, "is required");

    /// <summary>An absolute http(s) URI, https unless the host is a loopback one; <see langword="null"/> passes unless <paramref name="required"/>.</summary>
    public bool RequireEndpoint(string key, Uri? uri, bool required)
    {
        if (uri is null)
        {
            return Require(!required, key, "is required");
        }

        // User information in the URI would be a credential in every message and log line that shows it: refused
        // without echoing it, and left out of the URI the other messages show.
        return Require(!uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.UserInfo), key,
                "must not carry credentials (user:password@); the client authenticates with OAuth2 tokens")
            && Require(uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp), key,
                $"must be an absolute http(s) URI (was '{uri}')")
            && Require(TransportSecurity.IsSecureOrLoopback(uri), key,
                $"must use https; plain http is accepted only for loopback hosts (was '{uri}')");
    }

    public bool RequireNotNegative(string key, TimeSpan value) => Require(value >= TimeSpan.Zero, key, "must not be negative");

    public bool RequirePositive(string key, TimeSpan value) => Require(value > TimeSpan.Zero, key, "must be positive");

    public bool RequireBetween(string key, int value, int min, int max, string unit = "") =>
        Require(value >= min && value <= max, key, Invariant($"must be {min} to {max}{unit} (was {value})"));

    public bool RequireBetween(string key, TimeSpan value, TimeSpan min, TimeSpan max) =>
        Require(value >= min && value <= max, key, Invariant($"must be {Describe(min)} to {Describe(max)} (was {value})"));

    /// <summary>Above <paramref name="exclusiveMin"/> and at most <paramref name="max"/>.</summary>
    public bool RequireAboveAndAtMost(string key, double value, double exclusiveMin, double max) =>
        Require(value > exclusiveMin && value <= max, key, Invariant($"must be above {exclusiveMin} and at most {max} (was {value})"));

    public bool RequireAtLeast(string key, int value, int min) => Require(value >= min, key, Invariant($"must be at least {min}"));

    public bool RequireAtLeast(string key, TimeSpan value, TimeSpan min) => Require(value >= min, key, $"must be at least {Describe(min)}");

    public bool RequireBelow(string key, TimeSpan value, string otherKey, TimeSpan other) =>
        Require(value < other, key, Invariant($"({value}) must be below {otherKey} ({other})"));

    public bool RequireAbove(string key, TimeSpan value, string otherKey, TimeSpan other) =>
        Require(value > other, key, Invariant($"({value}) must be above {otherKey} ({other})"));

    public bool RequireNotBelow(string key, TimeSpan value, string otherKey, TimeSpan other) =>
        Require(value >= other, key, Invariant($"({value}) must not be below {otherKey} ({other})"));

    /// <summary>At least <paramref name="times"/> times <paramref name="other"/>.</summary>
    public bool RequireAtLeastTimes(string key, TimeSpan value, int times, string otherKey, TimeSpan other) =>
        Require(value >= times * other, key, Invariant($"({value}) must be at least {Times(times)} {otherKey} ({other})"));

    /// <summary>Records <c>&lt;path&gt;:&lt;key&gt; &lt;rule&gt;.</c> unless <paramref name="holds"/>; returns <paramref name="holds"/>.</summary>
    public bool Require(bool holds, string key, string rule)
    {
        if (!holds)
        {
            _failures.Add($"{_prefix}{key} {rule}.");
        }

        return holds;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Times(int times) => times == 2 ? "twice" : times.ToString(CultureInfo.InvariantCulture) + " times";

    /// <summary>A limit as people write it: <c>10 ms</c>, <c>500 ms</c>, <c>24 h</c>.</summary>
    private static string Describe(TimeSpan limit) =>
        limit.TotalHours >= 1 && limit.TotalHours == Math.Floor(limit.TotalHours) ? Invariant($"{limit.TotalHours} h")
        : limit.TotalSeconds >= 1 && limit.TotalSeconds == Math.Floor(limit.TotalSeconds) ? Invariant($"{limit.TotalSeconds} s")
        : Invariant($"{limit.TotalMilliseconds} ms");
}
