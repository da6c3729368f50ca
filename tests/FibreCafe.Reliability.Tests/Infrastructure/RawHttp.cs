using System.Net.Sockets;
using System.Text;

namespace FibreCafe.Reliability.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 written by hand on a socket, for what HttpClient will not do: a body shorter than its Content-Length,
/// a body that stalls, a client that goes away mid-body.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(30);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawHttp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawHttp(tcp);
    }

    /// <summary>Writes a POST's head with Basic credentials; the body is written separately.</summary>
    public Task WriteHeadAsync(string path, string password, long? contentLength, bool chunked = false, string contentType = "application/json")
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Kcis.Username}:{password}"));
        var head = new StringBuilder()
            .Append("POST ").Append(path).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .Append("Authorization: Basic ").Append(credentials).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("X-Request-ID: ").Append(Guid.NewGuid().ToString("D")).Append("\r\n");
        head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {contentLength}\r\n");
        return WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Ends the request's side of the connection (FIN), still able to read the answer.</summary>
    public void EndWriting() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads the response until the server closes the connection or its Content-Length is read.</summary>
    /// <returns>The status and body, or <see langword="null"/> when the server closed without answering.</returns>
    public async Task<(int Status, string Body)?> ReadResponseAsync()
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, limit.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                if (Parse(received.ToArray()) is { Complete: true } done)
                {
                    return (done.Status, done.Body);
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer: whatever arrived before it still counts.
        }

        return Parse(received.ToArray()) is { } partial ? (partial.Status, partial.Body) : null;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private static (int Status, string Body, bool Complete)? Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return null;
        }

        var head = text[..headEnd].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = text[(headEnd + 4)..];
        if (status == 204)
        {
            return (status, string.Empty, true);
        }

        if (head.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return Dechunk(body) is { } whole ? (status, whole, true) : (status, body, false);
        }

        var lengthLine = head.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var complete = lengthLine is not null && Encoding.UTF8.GetByteCount(body) >= int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (status, body, complete);
    }

    // The body of a chunked response once its last chunk arrived; null before. The error bodies are ASCII JSON.
    private static string? Dechunk(string chunked)
    {
        var whole = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                return null;
            }

            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return whole.ToString();
            }

            if (lineEnd + 2 + size + 2 > chunked.Length)
            {
                return null;
            }

            whole.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
