using System.Globalization;

namespace FibreCafe.Samples;

/// <summary>The command line of the cancellation samples. Invalid input is reported, never guessed at.</summary>
internal sealed record SampleArguments
{
    public long EntityId { get; init; }

    public string? ReasonCode { get; init; }

    public string? Text { get; init; }

    public string? Supplier { get; init; }

    public string? ConversationId { get; init; }

    public string? Scenario { get; init; }

    /// <summary>Gets when to send the cancellation (<c>--at</c>): a durable request scheduled for then.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Gets the durable request's idempotency key (<c>--idempotency-key</c>).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets a value indicating whether the cancellation goes through a durable request rather than one client call.</summary>
    public bool IsDurable => At is not null || IdempotencyKey is not null;

    /// <summary>Parses <paramref name="args"/>; <paramref name="idOption"/> is <c>--order-id</c> or <c>--problem-id</c>.</summary>
    public static SampleArguments Parse(string[] args, string idOption, long defaultId, string defaultReason, bool allowsSupplier)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new List<string> { idOption, "--reason", "--text", "--conversation-id", "--scenario", "--at", "--idempotency-key" };
        if (allowsSupplier)
        {
            known.Add("--supplier");
        }

        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (!known.Contains(name))
            {
                throw new SampleUsageException($"Unknown option '{name}'. Options: {string.Join(", ", known)}.");
            }

            var value = inline ?? (i + 1 < args.Length ? args[++i] : throw new SampleUsageException($"Option '{name}' needs a value."));
            if (!values.TryAdd(name, value))
            {
                throw new SampleUsageException($"Option '{name}' is given twice.");
            }
        }

        var id = defaultId;
        if (values.TryGetValue(idOption, out var idText)
            && !long.TryParse(idText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id))
        {
            throw new SampleUsageException($"{idOption} must be a whole number (was '{idText}').");
        }

        DateTimeOffset? at = null;
        if (values.TryGetValue("--at", out var atText))
        {
            // ISO 8601 with an offset or Z; a time without one is read as UTC, never as the machine's local time.
            if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                || !char.IsDigit(atText.Trim()[0]))
            {
                throw new SampleUsageException($"--at must be an ISO 8601 date and time such as 2026-12-24T08:00:00Z (was '{atText}').");
            }

            at = parsed;
        }

        if (values.TryGetValue("--idempotency-key", out var key) && string.IsNullOrWhiteSpace(key))
        {
            throw new SampleUsageException("--idempotency-key must not be blank.");
        }

        if ((at is not null || key is not null) && values.ContainsKey("--conversation-id"))
        {
            throw new SampleUsageException("--conversation-id cannot be combined with --at or --idempotency-key: a durable request has a conversation id of its own.");
        }

        return new SampleArguments
        {
            At = at,
            IdempotencyKey = key,
            EntityId = id,
            ReasonCode = values.GetValueOrDefault("--reason", defaultReason),
            Text = values.GetValueOrDefault("--text"),
            Supplier = values.GetValueOrDefault("--supplier"),
            ConversationId = values.GetValueOrDefault("--conversation-id"),
            Scenario = values.GetValueOrDefault("--scenario"),
        };
    }
}

/// <summary>The command line is wrong: exit code 2, reason on stderr, nothing sent.</summary>
internal sealed class SampleUsageException(string message) : Exception(message);
