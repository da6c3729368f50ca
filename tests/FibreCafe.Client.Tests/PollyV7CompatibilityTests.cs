using Microsoft.Extensions.DependencyInjection;
using Polly;
using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class PollyV7CompatibilityTests
{
    [Fact]
    public async Task A_Microsoft_Extensions_Http_Polly_policy_can_still_be_added_to_the_returned_builder()
    {
        // 418 is not retried by the client's own pipeline; only the added v7 policy retries it.
        var v7Executions = 0;
        var policy = Policy<HttpResponseMessage>
            .HandleResult(r => (int)r.StatusCode == 418)
            .RetryAsync(1, onRetry: (_, _) => v7Executions++);
        await using var h = Create(builder: b => b.AddPolicyHandler(policy));
        h.StubSequence(OrderPath, () => Status(418), () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        Assert.Equal(234, response.Value.Id);
        Assert.Equal(1, v7Executions);
        Assert.Equal(2, h.Calls(OrderPath).Count);
    }
}
