using static FibreCafe.Client.Tests.ClientHarness;

namespace FibreCafe.Client.Tests;

public sealed class CorrelationTests
{
    [Fact]
    public async Task Each_call_sends_a_new_uuid_request_id_and_a_uuid_conversation_id_and_returns_them()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var first = await h.Client.CancelServiceOrderAsync(OrderRequest());
        var second = await h.Client.CancelServiceOrderAsync(OrderRequest());

        var calls = h.Calls(OrderPath);
        Assert.Equal(2, calls.Count);
        Assert.True(Guid.TryParse(Header(calls[0], FibreCafeHeaders.RequestId), out _));
        Assert.True(Guid.TryParse(Header(calls[0], FibreCafeHeaders.ConversationId), out _));
        Assert.Equal(first.RequestId, Header(calls[0], FibreCafeHeaders.RequestId));
        Assert.Equal(first.ConversationId, Header(calls[0], FibreCafeHeaders.ConversationId));
        Assert.Equal(second.RequestId, Header(calls[1], FibreCafeHeaders.RequestId));
        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.NotEqual(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task Caller_supplied_ids_are_sent_unchanged()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(
            OrderRequest(), new FibreCafeCallOptions { RequestId = "req-42", ConversationId = "order-123" });

        var call = Assert.Single(h.Calls(OrderPath));
        Assert.Equal("req-42", Header(call, FibreCafeHeaders.RequestId));
        Assert.Equal("order-123", Header(call, FibreCafeHeaders.ConversationId));
        Assert.Equal("req-42", response.RequestId);
        Assert.Equal("order-123", response.ConversationId);
    }

    [Fact]
    public async Task The_ambient_conversation_is_used_and_restored_when_its_scope_ends()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        using (FibreCafeConversation.Begin("order-123"))
        {
            Assert.Equal("order-123", (await h.Client.CancelServiceOrderAsync(OrderRequest())).ConversationId);
            using (FibreCafeConversation.Begin("inner"))
            {
                Assert.Equal("inner", (await h.Client.CancelServiceOrderAsync(OrderRequest())).ConversationId);
            }

            Assert.Equal("order-123", FibreCafeConversation.CurrentId);
            var explicitWins = await h.Client.CancelServiceOrderAsync(OrderRequest(), new FibreCafeCallOptions { ConversationId = "explicit" });
            Assert.Equal("explicit", explicitWins.ConversationId);
        }

        Assert.Null(FibreCafeConversation.CurrentId);
        Assert.Equal(
            ["order-123", "inner", "explicit"],
            h.Calls(OrderPath).Take(3).Select(c => Header(c, FibreCafeHeaders.ConversationId)));
    }

    [Fact]
    public async Task The_raw_refit_api_gets_the_headers_from_the_handler_and_keeps_the_callers()
    {
        await using var h = Create();
        h.Stub(OrderPath, () => Json(201, OrderCreatedJson));

        using var generated = await h.Api.CancelServiceOrderAsync(OrderRequest());
        using var supplied = await h.Api.CancelServiceOrderAsync(OrderRequest(), requestId: "mine", conversationId: "conv");

        var calls = h.Calls(OrderPath);
        Assert.True(Guid.TryParse(Header(calls[0], FibreCafeHeaders.RequestId), out _));
        Assert.True(Guid.TryParse(Header(calls[0], FibreCafeHeaders.ConversationId), out _));
        Assert.Equal("mine", Header(calls[1], FibreCafeHeaders.RequestId));
        Assert.Equal("conv", Header(calls[1], FibreCafeHeaders.ConversationId));
        Assert.Equal(234, generated.Content!.Id);
    }

    [Fact]
    public async Task The_request_id_is_identical_on_every_retry_of_a_call()
    {
        await using var h = Create();
        h.StubSequence(OrderPath, () => Status(503), () => Status(503), () => Json(201, OrderCreatedJson));

        var response = await h.Client.CancelServiceOrderAsync(OrderRequest());

        var calls = h.Calls(OrderPath);
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.Equal(response.RequestId, Header(c, FibreCafeHeaders.RequestId)));
        Assert.All(calls, c => Assert.Equal(response.ConversationId, Header(c, FibreCafeHeaders.ConversationId)));
    }

    [Fact]
    public void A_blank_conversation_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FibreCafeConversation.Begin(" "));
        using (FibreCafeConversation.Begin())
        {
            Assert.True(Guid.TryParse(FibreCafeConversation.CurrentId, out _));
        }
    }
}
