using System.Globalization;

namespace FibreCafe.Samples.Tests;

/// <summary>The cancellation samples with <c>--at</c> and <c>--idempotency-key</c>: a durable request on the sandbox.</summary>
public sealed class DurableCancelSampleTests
{
    private const string CancelOrder = "FibreCafe.Samples.CancelOrder";
    private const string CancelProblem = "FibreCafe.Samples.CancelProblem";

    [Fact]
    public async Task A_future_time_prints_the_scheduled_request_then_sends_it_when_due_and_prints_the_outcome()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(3);

        using var run = await SampleProcess.RunAsync(CancelOrder, ["--order-id", "321", "--at", at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 0, run.StderrText);
        var lines = run.JsonLines;
        Assert.Equal("scheduled", lines[0].GetProperty("outcome").GetString());
        var request = lines[0].GetProperty("request");
        Assert.Equal("Scheduled", request.GetProperty("state").GetString());
        Assert.True(Guid.TryParse(request.GetProperty("id").GetString(), out _));
        Assert.Equal(1, request.GetProperty("number").GetInt64());
        Assert.Equal(at.ToUnixTimeSeconds(), request.GetProperty("scheduledFor").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal("created", lines[1].GetProperty("outcome").GetString());
        var cancellation = lines[1].GetProperty("cancellation");
        Assert.Equal(321, cancellation.GetProperty("orderId").GetInt64());
        var completed = Assert.Single(lines.Skip(2), l => l.GetProperty("event").GetString() == "ServiceOrderCancellationCompleted");
        Assert.Equal(cancellation.GetProperty("id").GetInt64(), completed.GetProperty("cancellationId").GetInt64());
        Assert.Equal(lines[1].GetProperty("conversationId").GetString(), completed.GetProperty("conversationId").GetString());
        Assert.Contains("Cancellation request 1 created by the gateway", run.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_in_the_past_is_sent_at_once_in_the_chosen_scenario()
    {
        using var run = await SampleProcess.RunAsync(CancelOrder, ["--at", "2020-01-01T00:00:00Z", "--scenario", "CANCELLATION_REJECTED"]);

        Assert.True(run.ExitCode == 0, run.StderrText);
        Assert.Equal(["scheduled", "created"], run.JsonLines.Take(2).Select(l => l.GetProperty("outcome").GetString()));
        Assert.Single(run.JsonLines.Skip(2), l => l.GetProperty("event").GetString() == "ServiceOrderCancellationRejected");
    }

    [Fact]
    public async Task An_idempotency_key_alone_sends_a_durable_request_now()
    {
        using var run = await SampleProcess.RunAsync(CancelProblem, ["--problem-id", "55", "--idempotency-key", "ticket-55"]);

        Assert.True(run.ExitCode == 0, run.StderrText);
        Assert.Equal(["scheduled", "created"], run.JsonLines.Take(2).Select(l => l.GetProperty("outcome").GetString()));
        Assert.Equal(55, run.JsonLines[1].GetProperty("cancellation").GetProperty("serviceProblemId").GetInt64());
    }

    [Theory]
    [InlineData(new[] { "--at", "tomorrow" }, "--at must be an ISO 8601 date and time")]
    [InlineData(new[] { "--at", "2026-13-01T00:00:00Z" }, "--at must be an ISO 8601 date and time")]
    [InlineData(new[] { "--idempotency-key", " " }, "--idempotency-key must not be blank")]
    [InlineData(new[] { "--at", "2020-01-01T00:00:00Z", "--conversation-id", "c" }, "--conversation-id cannot be combined")]
    [InlineData(new[] { "--at", "2020-01-01T00:00:00Z", "--order-id", "0" }, "'orderId'")]
    public async Task Bad_durable_arguments_exit_2_naming_the_option_and_nothing_is_sent(string[] args, string reason)
    {
        using var run = await SampleProcess.RunAsync(CancelOrder, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains(reason, run.StderrText, StringComparison.Ordinal);
    }
}
