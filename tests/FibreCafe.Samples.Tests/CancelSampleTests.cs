using System.Text.Json;
using FibreCafe.Testing;

namespace FibreCafe.Samples.Tests;

public sealed class CancelSampleTests
{
    private const string CancelOrder = "FibreCafe.Samples.CancelOrder";
    private const string CancelProblem = "FibreCafe.Samples.CancelProblem";

    [Theory]
    [InlineData(null, "ServiceOrderCancellationCompleted", "COMPLETED")]
    [InlineData("CANCELLATION_ACCEPTED", "ServiceOrderCancellationCompleted", "COMPLETED")]
    [InlineData("CANCELLATION_REJECTED", "ServiceOrderCancellationRejected", "REJECTED")]
    [InlineData("CANCELLATION_PENDING", "ServiceOrderCancellationPending", "PENDING")]
    public async Task The_order_sample_runs_the_round_trip_on_the_sandbox(string? scenario, string expectedEvent, string requestStatus)
    {
        string[] args = scenario is null ? [] : ["--scenario", scenario];

        using var run = await SampleProcess.RunAsync(CancelOrder, [.. args, "--conversation-id", "conv-e2e"]);

        Assert.True(run.ExitCode == 0, run.StderrText);
        var lines = run.JsonLines;
        var outcome = lines[0];
        Assert.Equal("created", outcome.GetProperty("outcome").GetString());
        Assert.True(Guid.TryParse(outcome.GetProperty("requestId").GetString(), out _));
        Assert.Equal("conv-e2e", outcome.GetProperty("conversationId").GetString());
        var cancellation = outcome.GetProperty("cancellation");
        Assert.Equal(123, cancellation.GetProperty("orderId").GetInt64());
        Assert.Equal("CUSTOMER_CHANGED_MIND", cancellation.GetProperty("reasonCode").GetString());
        Assert.Equal("RECEIVED_BY_GATEWAY", cancellation.GetProperty("status").GetString());
        var outcomeEvent = Assert.Single(lines.Skip(1), l => l.GetProperty("event").GetString() == expectedEvent);
        Assert.Equal(123, outcomeEvent.GetProperty("orderId").GetInt64());
        Assert.Equal(cancellation.GetProperty("id").GetInt64(), outcomeEvent.GetProperty("cancellationId").GetInt64());
        Assert.Equal("PROVIDE_ORDER", outcomeEvent.GetProperty("entityType").GetString());
        Assert.Equal(123, outcomeEvent.GetProperty("entityId").GetInt64());
        Assert.Equal("conv-e2e", outcomeEvent.GetProperty("conversationId").GetString());
        Assert.True(Guid.TryParse(outcomeEvent.GetProperty("kciId").GetString(), out _));
        Assert.Equal(requestStatus, outcomeEvent.GetProperty("cancellation").GetProperty("status").GetString());
        Assert.All(run.Stdout, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_problem_sample_runs_the_round_trip_on_the_sandbox()
    {
        using var run = await SampleProcess.RunAsync(CancelProblem, ["--problem-id", "77", "--reason", "CUSTOMER_NETWORK_ISSUE", "--text", "works again"]);

        Assert.True(run.ExitCode == 0, run.StderrText);
        var cancellation = run.JsonLines[0].GetProperty("cancellation");
        Assert.Equal(77, cancellation.GetProperty("serviceProblemId").GetInt64());
        Assert.Equal("works again", cancellation.GetProperty("text").GetString());
        var completed = Assert.Single(run.JsonLines.Skip(1), l => l.GetProperty("event").GetString() == "ServiceProblemCancellationCompleted");
        Assert.Equal(77, completed.GetProperty("serviceProblemId").GetInt64());
        Assert.Equal("SERVICE_PROBLEM", completed.GetProperty("entityType").GetString());
    }

    [Theory]
    [InlineData(CancelOrder, new[] { "--order-id", "abc" }, "--order-id must be a whole number")]
    [InlineData(CancelOrder, new[] { "--order-id", "0" }, "'orderId'")]
    [InlineData(CancelOrder, new[] { "--reason", "customer changed mind" }, "'reasonCode'")]
    [InlineData(CancelOrder, new[] { "--scenario", "ORDER_SUCCESSFUL" }, "--scenario must be one of")]
    [InlineData(CancelOrder, new[] { "--colour", "blue" }, "Unknown option '--colour'")]
    [InlineData(CancelOrder, new[] { "--order-id" }, "needs a value")]
    [InlineData(CancelProblem, new[] { "--supplier", "FIBRECO" }, "Unknown option '--supplier'")]
    [InlineData(CancelProblem, new[] { "--problem-id", "5", "--reason", "OTHR" }, "'reasonCode'")]
    public async Task Invalid_arguments_exit_2_with_the_reason_on_stderr_and_nothing_on_stdout(string sample, string[] args, string reason)
    {
        using var run = await SampleProcess.RunAsync(sample, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains(reason, run.StderrText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_is_refused_when_a_real_gateway_is_configured()
    {
        await using var gateway = FibreCafeSandbox.Start();

        using var run = await SampleProcess.RunAsync(CancelOrder, ["--scenario", "CANCELLATION_REJECTED"], GatewayEnvironment(gateway));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--scenario applies only to the embedded sandbox", run.StderrText, StringComparison.Ordinal);
        Assert.Equal(0, gateway.TokenRequests);
    }

    [Fact]
    public async Task A_configured_gateway_is_used_and_its_answer_printed()
    {
        await using var gateway = FibreCafeSandbox.Start(o => o.FirstId = 4242);

        using var run = await SampleProcess.RunAsync(CancelOrder, ["--order-id", "9", "--supplier", "FIBRECO"], GatewayEnvironment(gateway));

        Assert.True(run.ExitCode == 0, run.StderrText);
        var line = Assert.Single(run.JsonLines);
        Assert.Equal(4242, line.GetProperty("cancellation").GetProperty("id").GetInt64());
        Assert.Equal("FIBRECO", line.GetProperty("cancellation").GetProperty("supplier").GetString());
        Assert.Equal(1, gateway.TokenRequests);
    }

    [Fact]
    public async Task A_gateway_rejection_exits_1_with_the_error_details()
    {
        // A gateway that applies its documented {1,25} bound to reason codes rejects a listed 27-character code.
        await using var gateway = FibreCafeSandbox.Start(o => o.MaxOrderReasonCodeLength = 25);

        using var run = await SampleProcess.RunAsync(CancelOrder, ["--reason", "PURCHASED_DIFFERENT_PRODUCT"], GatewayEnvironment(gateway));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.JsonLines);
        Assert.Equal("rejected", line.GetProperty("outcome").GetString());
        Assert.Equal(422, line.GetProperty("status").GetInt32());
        Assert.Equal("INVALID_REQUEST", line.GetProperty("code").GetString());
        Assert.Contains("reasonCode", line.GetProperty("messages")[0].GetString(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(line.GetProperty("uuid").GetString(), out _));
        Assert.True(Guid.TryParse(line.GetProperty("requestId").GetString(), out _));
    }

    [Fact]
    public async Task An_unavailable_gateway_exits_3_after_the_retries()
    {
        await using var gateway = FibreCafeSandbox.Start();
        gateway.Faults.FailNextCancellations(100);

        using var run = await SampleProcess.RunAsync(CancelProblem, [], GatewayEnvironment(gateway));

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.JsonLines);
        Assert.Equal("unavailable", line.GetProperty("outcome").GetString());
        Assert.Equal(503, line.GetProperty("status").GetInt32());
        Assert.False(line.GetProperty("mayHaveBeenProcessed").GetBoolean());
        Assert.Equal(4, gateway.CancellationRequests); // MaxAttempts in the sample's appsettings.json
    }

    private static Dictionary<string, string?> GatewayEnvironment(FibreCafeSandbox gateway) => new()
    {
        ["FibreCafe__BaseAddress"] = gateway.BaseAddress.ToString(),
        ["FibreCafe__TokenEndpoint"] = gateway.TokenEndpoint.ToString(),
        ["FibreCafe__ClientId"] = gateway.Options.ClientId,
        ["FibreCafe__ClientSecret"] = gateway.Options.ClientSecret,
        ["FibreCafe__Resilience__BaseDelay"] = "00:00:00.010",
        ["FibreCafe__Resilience__MaxDelay"] = "00:00:00.050",
    };
}
