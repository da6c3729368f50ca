using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Testing;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// The secrets of a test's configuration (passwords, client secret, Basic credentials as sent on the wire,
/// issued tokens) and a check that none of them appears in any captured log line: messages, exceptions,
/// scopes and structured values of in-process loggers, and every stdout/stderr line of child processes.
/// </summary>
internal sealed class SecretAudit
{
    private readonly List<string> _secrets = [];
    private readonly List<Regex> _patterns = [];

    public int LinesChecked { get; private set; }

    public SecretAudit Secret(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            _secrets.Add(secret);
        }

        return this;
    }

    /// <summary>Adds a password and the Basic credentials that carry it (base64 of <c>user:password</c>).</summary>
    public SecretAudit Basic(string username, string password) =>
        Secret(password).Secret(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    /// <summary>Adds a shape of secret whose values the test cannot know, e.g. the tokens a sandbox issues.</summary>
    public SecretAudit Pattern(string regex)
    {
        _patterns.Add(new Regex(regex, RegexOptions.CultureInvariant));
        return this;
    }

    public void AssertClean(FakeLogCollector logs, string source) => AssertClean(Lines(logs), source);

    public void AssertClean(IEnumerable<string?> lines, string source)
    {
        Assert.NotEmpty(_secrets);
        foreach (var line in lines)
        {
            if (line is null)
            {
                continue;
            }

            LinesChecked++;
            foreach (var secret in _secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"A secret of the test configuration shows in {source}: {line}");
            }

            foreach (var pattern in _patterns)
            {
                Assert.False(pattern.IsMatch(line), $"An issued token shows in {source}: {line}");
            }
        }
    }

    private static IEnumerable<string?> Lines(FakeLogCollector logs)
    {
        foreach (var record in logs.GetSnapshot())
        {
            yield return record.Message;
            yield return record.Exception?.ToString();
            foreach (var scope in record.Scopes)
            {
                yield return scope?.ToString();
            }

            foreach (var pair in record.StructuredState ?? [])
            {
                yield return pair.Value;
            }
        }
    }
}
