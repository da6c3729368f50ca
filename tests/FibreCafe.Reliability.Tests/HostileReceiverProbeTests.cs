using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FibreCafe.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FibreCafe.Reliability.Tests;

/// <summary>
/// What a broken or hostile client can do to the receiver on the wire, against real Kestrel on 127.0.0.1 (issue 20):
/// bodies too large (chunked or declared), too slow, too short or abandoned; names given twice; numbers as strings;
/// bodies that are not JSON; other spellings of the path. Every refusal is a 4xx in the gateway's shape and nothing
/// is stored; only a failing store is 503. No Error is logged for a client's fault, and no secret at all.
/// </summary>
public sealed class HostileReceiverProbeTests(ITestOutputHelper output)
{
    private const string Password = "hostile-probe-Basic-password-20";
    private const int MaxBodyBytes = 1024 * 1024;

    [Fact]
    public async Task An_oversized_chunked_body_gets_413_in_the_gateways_shape_not_503()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        await using var raw = await RawHttp.ConnectAsync(host.Port);

        await raw.WriteHeadAsync("/kcis", Password, contentLength: null, chunked: true);
        await WriteChunksAsync(raw, Padded(2 * MaxBodyBytes));
        var response = await raw.ReadResponseAsync();

        var messages = AssertGatewayError(response, 413, "INVALID_REQUEST");
        Assert.Equal([$"The body is larger than {MaxBodyBytes} bytes."], messages);
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Fact]
    public async Task An_endless_chunked_body_is_answered_413_and_not_read_to_its_end()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        await using var raw = await RawHttp.ConnectAsync(host.Port);

        await raw.WriteHeadAsync("/kcis", Password, contentLength: null, chunked: true);
        var written = await WriteChunksAsync(raw, Padded(64 * MaxBodyBytes));
        var response = await raw.ReadResponseAsync();

        AssertGatewayError(response, 413, "INVALID_REQUEST");
        output.WriteLine($"the client could write {written:N0} bytes of a 64 MiB body before the receiver closed");
        Assert.True(written < 32L * MaxBodyBytes, $"the receiver took {written} bytes of a 64 MiB body");
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Fact]
    public async Task A_declared_content_length_over_the_limit_gets_413_before_the_body_is_sent()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        await using var raw = await RawHttp.ConnectAsync(host.Port);

        await raw.WriteHeadAsync("/kcis", Password, contentLength: 2L * MaxBodyBytes);
        var response = await raw.ReadResponseAsync();

        AssertGatewayError(response, 413, "INVALID_REQUEST");
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_the_limit_is_stored_chunked_or_declared(bool chunked)
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        await using var raw = await RawHttp.ConnectAsync(host.Port);
        var body = Padded(MaxBodyBytes);

        await raw.WriteHeadAsync("/kcis", Password, contentLength: chunked ? null : body.Length, chunked: chunked);
        if (chunked)
        {
            await WriteChunksAsync(raw, body);
        }
        else
        {
            await raw.WriteAsync(body);
        }

        Assert.Equal(204, (await raw.ReadResponseAsync())?.Status);
        var statistics = await host.Inbox.GetStatisticsAsync();
        Assert.Equal(1, statistics.Pending + statistics.Done);
    }

    [Fact]
    public async Task A_body_arriving_too_slowly_gets_408_and_is_logged_as_the_clients_fault()
    {
        // Kestrel's minimum data rate raised so that a stalled body is given up after about a second, not five.
        await using var host = await InMemoryReceiverHost.StartAsync(Password, minBodyDataRate: 1_000);
        await using var raw = await RawHttp.ConnectAsync(host.Port);
        var body = Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString());

        await raw.WriteHeadAsync("/kcis", Password, body.Length);
        await raw.WriteAsync(body.AsMemory(0, 10)); // then nothing more
        var response = await raw.ReadResponseAsync();

        AssertGatewayError(response, 408, "INVALID_REQUEST");
        var fault = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "KciBodyClientFault");
        Assert.Equal(LogLevel.Warning, fault.Level);
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_the_clients_fault_never_a_503()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        await using var raw = await RawHttp.ConnectAsync(host.Port);
        var body = Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString());

        await raw.WriteHeadAsync("/kcis", Password, body.Length);
        await raw.WriteAsync(body.AsMemory(0, body.Length / 2));
        raw.EndWriting();
        var response = await raw.ReadResponseAsync();

        // Kestrel takes the end of the request side for the client going away, so there may be no one to answer;
        // when there is, the answer is 400 in the gateway's shape.
        output.WriteLine($"answer to a short body: {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        if (response is not null)
        {
            AssertGatewayError(response, 400, "MALFORMED_REQUEST");
        }

        await AssertLoggedAsClientGoneAsync(host);
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_body_is_logged_as_gone_not_as_an_error()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        var body = Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString());
        await using (var raw = await RawHttp.ConnectAsync(host.Port))
        {
            await raw.WriteHeadAsync("/kcis", Password, body.Length);
            await raw.WriteAsync(body.AsMemory(0, body.Length / 2));
        }

        await AssertLoggedAsClientGoneAsync(host);
        await AssertNothingStoredAndNoErrorAsync(host);
        await AssertStillReceivesAsync(host);
    }

    [Fact]
    public async Task Only_a_failing_store_gets_503_tenant_fault_and_is_logged_as_an_error()
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        using var http = new HttpClient();
        host.Inbox.Fails = true;

        using var response = await Kcis.PostAsync(http, host.Kcis, Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString()), Password);

        AssertGatewayError(((int)response.StatusCode, await response.Content.ReadAsStringAsync()), 503, "TENANT_FAULT");
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Name == "ReceiverUnavailable" && r.Level == LogLevel.Error);
        host.Inbox.Fails = false;
        await AssertStillReceivesAsync(host);
    }

    public static TheoryData<string, string, string> DuplicatedNames() => new()
    {
        { "", "\"SequenceNumber\":\"-5\"", "sequenceNumber is given more than once (as sequenceNumber and SequenceNumber)." },
        { "", "\"SEQUENCENUMBER\":2", "sequenceNumber is given more than once (as sequenceNumber and SEQUENCENUMBER)." },
        { "", "\"sequencenumber\":2", "sequenceNumber is given more than once (as sequenceNumber and sequencenumber)." },
        { "", "\"sequenceNumber\":2", "sequenceNumber is given more than once." },
        { "", "\"ID\":\"d394b30d-944e-49b5-a2f6-da5824d0b31b\"", "id is given more than once (as id and ID)." },
        { "", "\"EntityType\":\"SERVICE_TEST\"", "entityType is given more than once (as entityType and EntityType)." },
        { "entity", "\"ID\":\"-7\"", "entity.id is given more than once (as id and ID)." },
        { "entity", "\"Id\":7", "entity.id is given more than once (as id and Id)." },
        { "entity", "\"STATUS\":\"COMPLETED\"", "entity.status is given more than once (as status and STATUS)." },
        { "information", "\"Type\":\"CANCELLED\"", "information.type is given more than once (as type and Type)." },
    };

    [Theory]
    [MemberData(nameof(DuplicatedNames))]
    public async Task A_name_given_twice_in_any_casing_at_the_top_or_nested_gets_422_naming_it(string inside, string member, string message)
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        using var http = new HttpClient();
        var json = Kcis.OrderStatus(700042, 1).ToJsonString();
        var at = inside.Length == 0 ? json.Length - 1 : json.IndexOf('}', json.IndexOf($"\"{inside}\":{{", StringComparison.Ordinal));
        var body = json[..at] + "," + member + json[at..];

        using var response = await Kcis.PostAsync(http, host.Kcis, Encoding.UTF8.GetBytes(body), Password);

        var messages = AssertGatewayError(((int)response.StatusCode, await response.Content.ReadAsStringAsync()), 422, "INVALID_REQUEST");
        Assert.Equal([message], messages);
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    public static TheoryData<string, string> NumbersAsStrings() => new()
    {
        { "sequenceNumber", "sequenceNumber must be an integer of at least 1." },
        { "entity.id", "entity.id must be an integer of at least 1." },
        { "serviceOrderCancellation.id", "serviceOrderCancellation.id must be an integer of at least 1." },
        { "serviceOrderCancellation.orderId", "serviceOrderCancellation.orderId has a value of the wrong type or format." },
        { "entity.serviceOrderCancellation.id", "entity.serviceOrderCancellation.id must be an integer of at least 1." },
        { "entity.serviceOrderCancellation.orderId", "entity.serviceOrderCancellation.orderId has a value of the wrong type or format." },
    };

    [Theory]
    [MemberData(nameof(NumbersAsStrings))]
    public async Task A_number_written_as_a_string_gets_422_in_each_numeric_field(string path, string message)
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        using var http = new HttpClient();
        var kci = Kcis.OrderStatus(12345, 1);
        kci["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["orderId"] = 12345, ["status"] = "COMPLETED" };
        kci["entity"]!["serviceOrderCancellation"] = new JsonObject { ["id"] = 1, ["orderId"] = 12345, ["status"] = "COMPLETED" };
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate((JsonNode)kci, (node, segment) => node[segment]!);
        parent[segments[^1]] = parent[segments[^1]]!.ToJsonString(); // 12345 → "12345"

        using var response = await Kcis.PostAsync(http, host.Kcis, Encoding.UTF8.GetBytes(kci.ToJsonString()), Password);

        var messages = AssertGatewayError(((int)response.StatusCode, await response.Content.ReadAsStringAsync()), 422, "INVALID_REQUEST");
        Assert.Equal([message], messages);
        await AssertNothingStoredAndNoErrorAsync(host);
    }

    [Theory]
    [InlineData("text/plain", true, 415)]
    [InlineData("application/xml", true, 415)]
    [InlineData("application/x-www-form-urlencoded", true, 415)]
    [InlineData("text/plain", false, 401)]
    [InlineData("application/json; charset=utf-8", true, 204)]
    [InlineData("application/vnd.fibrecafe+json", true, 204)]
    [InlineData(null, true, 204)]
    public async Task Only_json_or_no_content_type_is_taken_and_credentials_are_checked_first(string? contentType, bool authenticated, int status)
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Kcis) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString())) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Kcis.Username}:{Password}")));
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        if (status != 204)
        {
            AssertGatewayError((status, await response.Content.ReadAsStringAsync()), status, status == 401 ? "NOT_AUTHORISED" : "INVALID_REQUEST");
            await AssertNothingStoredAndNoErrorAsync(host);
        }
    }

    [Theory]
    [InlineData("/KCIS")]
    [InlineData("/Kcis")]
    [InlineData("/kcis/")]
    public async Task Other_spellings_of_the_path_reach_the_receiver(string path)
    {
        await using var host = await InMemoryReceiverHost.StartAsync(Password);
        using var http = new HttpClient();

        using var response = await Kcis.PostAsync(http, new Uri(host.Kcis, path), Encoding.UTF8.GetBytes(Kcis.OrderStatus(1, 1).ToJsonString()), Password);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    // A valid KCI padded with an unknown field to exactly this many bytes.
    private static byte[] Padded(int bytes)
    {
        var kci = Kcis.OrderStatus(1, 1);
        kci["padding"] = string.Empty;
        var empty = Encoding.UTF8.GetByteCount(kci.ToJsonString());
        kci["padding"] = new string('x', bytes - empty);
        var body = Encoding.UTF8.GetBytes(kci.ToJsonString());
        Assert.Equal(bytes, body.Length);
        return body;
    }

    // Writes a chunked body 64 KiB at a time; stops when the server has stopped reading and closed.
    // Returns how many bytes of the body were written.
    private static async Task<long> WriteChunksAsync(RawHttp raw, byte[] body)
    {
        var at = 0;
        try
        {
            for (; at < body.Length; at += 64 * 1024)
            {
                var size = Math.Min(64 * 1024, body.Length - at);
                await raw.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
                await raw.WriteAsync(body.AsMemory(at, size));
                await raw.WriteAsync("\r\n"u8.ToArray());
            }

            await raw.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server answered and closed before the whole body was sent: the answer is what is checked.
        }

        return at;
    }

    private static IReadOnlyList<string> AssertGatewayError((int Status, string Body)? response, int status, string code)
    {
        Assert.NotNull(response);
        Assert.Equal(status, response.Value.Status);
        using var json = JsonDocument.Parse(response.Value.Body);
        var root = json.RootElement;
        Assert.Equal(3, root.EnumerateObject().Count());
        Assert.True(Guid.TryParse(root.GetProperty("uuid").GetString(), out _), "uuid must be a UUID");
        Assert.Equal(code, root.GetProperty("code").GetString());
        return root.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!).ToList();
    }

    // A body cut short by the client closing its side (all of the connection, or only its sending half) is logged
    // as the client gone, at Information.
    private async Task AssertLoggedAsClientGoneAsync(InMemoryReceiverHost host)
    {
        await Eventually.HoldsAsync(() => host.Logs.GetSnapshot().Any(r => r.Id.Name == "ClientDisconnected"), "the receiver logs the client gone");
        var gone = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "ClientDisconnected");
        Assert.Equal(LogLevel.Information, gone.Level);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Id.Name == "KciBodyClientFault");
        output.WriteLine($"logged at {gone.Level}: {gone.Message}");
    }

    private static async Task AssertNothingStoredAndNoErrorAsync(InMemoryReceiverHost host)
    {
        var statistics = await host.Inbox.GetStatisticsAsync();
        Assert.Equal(0, statistics.Pending + statistics.Done + statistics.Parked);
        Assert.DoesNotContain(host.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
        new SecretAudit().Basic(Kcis.Username, Password).AssertClean(host.Logs, "the probe receiver's log");
    }

    private static async Task AssertStillReceivesAsync(InMemoryReceiverHost host)
    {
        using var http = new HttpClient();
        using var response = await Kcis.PostAsync(http, host.Kcis, Encoding.UTF8.GetBytes(Kcis.OrderStatus(99, 1).ToJsonString()), Password);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.HoldsAsync(() => host.Dispatched.Count > 0, "the valid KCI is dispatched");
    }
}
