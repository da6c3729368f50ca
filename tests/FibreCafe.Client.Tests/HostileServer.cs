using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FibreCafe.Client.Tests;

/// <summary>
/// A loopback HTTP/1.1 server that answers each request with what a scripted responder writes on the raw socket:
/// headers then a body that trickles, never ends or is far too large. It counts how many body bytes it managed to
/// hand to the connection before the client went away, which is how a test sees that the client stopped reading.
/// One connection per request (<c>Connection: close</c> is the responder's to send).
/// </summary>
internal sealed class HostileServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HostileRequest, HostileResponse, Task> _respond;
    private readonly List<HostileRequest> _requests = [];
    private long _bodyBytesSent;
    private int _aborted;

    public HostileServer(Func<HostileRequest, HostileResponse, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public IReadOnlyList<HostileRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Gets the body bytes the responders wrote before they ended or the client went away.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary>Gets how many answers ended because the client closed the connection while they were still being written.</summary>
    public int AbortedByClient => Volatile.Read(ref _aborted);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    internal void CountBody(int bytes) => Interlocked.Add(ref _bodyBytesSent, bytes);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                var request = await HostileRequest.ReadAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                lock (_requests)
                {
                    _requests.Add(request);
                }

                await _respond(request, new HostileResponse(stream, this, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                Interlocked.Increment(ref _aborted);
            }
        }
    }
}

/// <summary>One request as the hostile server read it: method, path, headers and body.</summary>
internal sealed record HostileRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static async Task<HostileRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var received = 0;
        int end;
        while ((end = IndexOf(buffer.AsSpan(0, received), "\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(received), cancellationToken);
            if (n == 0)
            {
                return null;
            }

            received += n;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var line = head[0].Split(' ');
        var headers = head.Skip(1).Select(h => h.Split(':', 2)).ToDictionary(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var bodyStart = end + 4;
        while (received - bodyStart < length)
        {
            received += await stream.ReadAsync(buffer.AsMemory(received), cancellationToken);
        }

        return new HostileRequest(line[0], line[1], headers, Encoding.UTF8.GetString(buffer, bodyStart, length));
    }

    private static int IndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> value) => span.IndexOf(value);
}

/// <summary>Writes an answer on the raw connection.</summary>
internal sealed class HostileResponse(Stream stream, HostileServer server, CancellationToken stopping)
{
    /// <summary>Writes the status line and headers; the body is written by the other methods.</summary>
    public Task HeadAsync(int status, params string[] headers)
    {
        var text = $"HTTP/1.1 {status} Whatever\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";
        return stream.WriteAsync(Encoding.ASCII.GetBytes(text), stopping).AsTask();
    }

    /// <summary>Writes a whole answer with a <c>Content-Length</c>.</summary>
    public async Task CompleteAsync(int status, string body, string contentType = "application/json", params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await HeadAsync(status, [$"Content-Type: {contentType}", $"Content-Length: {bytes.Length}", "Connection: close", .. headers]);
        await BodyAsync(bytes);
    }

    /// <summary>Writes body bytes as they are (the caller chose <c>Content-Length</c> or chunked framing).</summary>
    public async Task BodyAsync(ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes, stopping);
        await stream.FlushAsync(stopping);
        server.CountBody(bytes.Length);
    }

    /// <summary>Writes <paramref name="total"/> bytes of <paramref name="fill"/> in chunked framing, 64 KiB a chunk, then the last chunk.</summary>
    public async Task ChunkedAsync(long total, byte fill)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, fill);
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            var size = (int)Math.Min(chunk.Length, total - sent);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"), stopping);
            await stream.WriteAsync(chunk.AsMemory(0, size), stopping);
            await stream.WriteAsync("\r\n"u8.ToArray(), stopping);
            server.CountBody(size);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), stopping);
    }

    /// <summary>Writes one body byte every <paramref name="interval"/>, <paramref name="count"/> times, as a slow link would.</summary>
    public async Task TrickleAsync(int count, TimeSpan interval, byte value = (byte)' ')
    {
        for (var i = 0; i < count; i++)
        {
            await BodyAsync(new[] { value });
            await Task.Delay(interval, stopping);
        }
    }
}
