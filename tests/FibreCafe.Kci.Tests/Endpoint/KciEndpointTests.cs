using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FibreCafe.Kci.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Kci.Tests.Endpoint;

public class KciEndpointTests
{
    [Fact]
    public async Task A_valid_kci_is_stored_with_its_raw_body_and_correlation_ids_then_acknowledged_with_204()
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");
        var body = TestKcis.Order().ToJsonString();

        using var response = await host.PostAsync(body, configure: r =>
        {
            r.Headers.Remove("X-Request-ID");
            r.Headers.Add("X-Request-ID", "req-42");
            r.Headers.Remove("X-Conversation-ID");
            r.Headers.Add("X-Conversation-ID", "conv-7");
        });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var entry = await host.Inbox.GetAsync(TestKcis.IdOf(JsonNode.Parse(body)!.AsObject()));
        Assert.NotNull(entry);
        Assert.Equal(body, Encoding.UTF8.GetString(entry.Body.Span));
        Assert.Equal("req-42", entry.RequestId);
        Assert.Equal("conv-7", entry.ConversationId);
        Assert.Equal(KciInboxStatus.Pending, entry.Status);
        Assert.Equal("PROVIDE_ORDER:12345", entry.EntityKey);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("req-42", StringComparison.Ordinal) && r.Message.Contains("conv-7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_delivery_is_acknowledged_with_204_and_stored_once()
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");
        var body = TestKcis.Order().ToJsonString();

        using var first = await host.PostAsync(body);
        using var second = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(1, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task Routine_acknowledgements_log_at_debug_and_are_counted_in_metrics()
    {
        // Issue 18: one Information record per stored KCI (502 records for 502 KCIs) was noise at any volume.
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:Dispatch:Enabled"] = "false");
        using var received = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "FibreCafe.Kci", "fibrecafe.kci.received");
        var body = TestKcis.Order().ToJsonString();

        using var first = await host.PostAsync(body);
        using var again = await host.PostAsync(body);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (first.StatusCode, again.StatusCode));
        var endpoint = host.Logs.GetSnapshot().Where(r => r.Category == "FibreCafe.Kci.Endpoint.KciEndpoint").ToList();
        Assert.Equal(LogLevel.Debug, Assert.Single(endpoint, r => r.Id.Name == "KciStored").Level);
        Assert.Equal(LogLevel.Debug, Assert.Single(endpoint, r => r.Id.Name == "KciDuplicate").Level);
        Assert.DoesNotContain(endpoint, r => r.Level >= LogLevel.Information);
        var outcomes = received.GetMeasurementSnapshot().Select(m => (string?)m.Tags["outcome"]).ToList();
        Assert.Equal(["stored", "duplicate"], outcomes);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("<kci/>")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    public async Task Unparseable_json_gets_400_malformed_request(string body)
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await host.PostAsync(body);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task A_missing_required_field_gets_422_invalid_request_naming_the_field()
    {
        await using var host = await KciTestHost.StartAsync();
        var kci = TestKcis.Order();
        kci.Remove("sequenceNumber");

        using var response = await host.PostAsync(kci.ToJsonString());

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID_REQUEST");
        Assert.Equal(["sequenceNumber is required."], messages);
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task An_invalid_required_field_gets_422_invalid_request_naming_the_field()
    {
        await using var host = await KciTestHost.StartAsync();
        var kci = TestKcis.Order();
        kci["sequenceNumber"] = 0;

        using var response = await host.PostAsync(kci.ToJsonString());

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID_REQUEST");
        Assert.Contains("sequenceNumber", messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_gets_413()
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:MaxBodyBytes"] = "1000");
        var kci = TestKcis.Order();
        kci["padding"] = new string('x', 2000);

        using var response = await host.PostAsync(kci.ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "INVALID_REQUEST");
        Assert.Equal(0, (await host.Inbox.GetStatisticsAsync()).Pending);
    }

    [Fact]
    public async Task The_default_limit_is_one_mebibyte()
    {
        await using var host = await KciTestHost.StartAsync();
        var kci = TestKcis.Order();
        kci["padding"] = new string('x', 1024 * 1024);

        using var response = await host.PostAsync(kci.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_streamed_body_without_length_is_cut_off_at_the_limit_without_being_read_to_the_end()
    {
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:MaxBodyBytes"] = "65536");
        using var endless = new CountingStream(totalBytes: 64L * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/kcis") { Content = new StreamContent(endless) };
        request.Headers.Authorization = KciTestHost.Basic(KciTestHost.Username, KciTestHost.Password);
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge, "INVALID_REQUEST");
        Assert.True(endless.BytesRead < 8L * 1024 * 1024, $"the server read {endless.BytesRead} bytes of a 64 MiB body");
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_accepted()
    {
        var body = TestKcis.Order().ToJsonString();
        await using var host = await KciTestHost.StartAsync(s => s["FibreCafe:Kci:MaxBodyBytes"] = Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task An_unavailable_store_gets_503_tenant_fault_so_the_gateway_delivers_again()
    {
        await using var host = await KciTestHost.StartAsync(services: (s, _) => s.Replace(ServiceDescriptor.Singleton<IKciInbox, BrokenInbox>()));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "TENANT_FAULT");
    }

    [Fact]
    public async Task An_unusable_sqlite_file_gets_503_tenant_fault()
    {
        using var temp = new TempDirectory();
        var blocker = temp.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the database folder should be");
        await using var host = await KciTestHost.StartAsync(
            // Without the start-up initializer, the broken path surfaces on the first KCI instead of failing the start.
            services: (s, _) => s.Remove(s.Single(d => d.ImplementationType == typeof(FibreCafe.Storage.Shared.StoreInitializer<FibreCafe.Storage.Sqlite.SqliteKciDatabase>))),
            sqlitePath: Path.Combine(blocker, "kci.db"));

        using var response = await host.PostAsync(TestKcis.Order().ToJsonString());

        await GatewayErrorAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "TENANT_FAULT");
    }

    [Theory]
    [InlineData("{\"id\": \"d394b30d-944e-49b5-a2f6-da5824d0b31b\", \"entity\": {\"id\": \"x\"}}")]
    [InlineData("{\"sequenceNumber\": 99999999999999999999999999}")]
    [InlineData("{\"information\": {\"type\": 5}, \"updateType\": \"INFORMATIONAL\"}")]
    [InlineData("{\"deliveredOn\": \"2024-02-30T25:61:00Z\"}")]
    [InlineData("\"\\u0000\"")]
    [InlineData("{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    public async Task Odd_input_never_gets_a_500(string body)
    {
        await using var host = await KciTestHost.StartAsync();

        using var response = await host.PostAsync(body);

        Assert.True((int)response.StatusCode is 400 or 422, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Every_field_error_of_the_entity_is_422_not_500()
    {
        await using var host = await KciTestHost.StartAsync();
        var kci = TestKcis.Order();
        kci["entity"]!["serviceOrderCancellation"] = new JsonObject { ["id"] = 5, ["status"] = 12 };

        using var response = await host.PostAsync(kci.ToJsonString());

        var messages = await GatewayErrorAssert.IsAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID_REQUEST");
        Assert.Contains("entity.serviceOrderCancellation.status", messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_the_endpoint_without_the_receiver_fails_loudly()
    {
        var builder = WebApplication.CreateBuilder();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapFibreCafeKcis());

        Assert.Contains("AddFibreCafeKciReceiver", error.Message, StringComparison.Ordinal);
    }

    private sealed class BrokenInbox : InMemoryKciInboxDecorator
    {
        public override Task<KciInboxAddResult> AddAsync(KciInboxEntry entry, CancellationToken cancellationToken = default) =>
            throw new IOException("disk unplugged");
    }

    /// <summary>A body that produces zeros until <c>totalBytes</c> and counts what was read from it.</summary>
    private sealed class CountingStream(long totalBytes) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, totalBytes - BytesRead);
            Array.Fill(buffer, (byte)' ', offset, n);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
