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

    /// <summary>Parses <paramref name="args"/>; <paramref name="idOption"/> is <c>--order-id</c> or <c>--problem-id</c>.</summary>
    public static SampleArguments Parse(string[] args, string idOption, long defaultId, string defaultReason, bool allowsSupplier)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new List<string> { idOption, "--reason", "--text", "--conversation-id", "--scenario" };
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

        return new SampleArguments
        {
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
