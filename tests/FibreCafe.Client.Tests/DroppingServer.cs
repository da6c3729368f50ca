using System.Net;
using System.Net.Sockets;

namespace FibreCafe.Client.Tests;

/// <summary>A loopback server that reads each request and then resets the connection without answering.</summary>
internal sealed class DroppingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public DroppingServer()
    {
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

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

            using (socket)
            {
                var buffer = new byte[64 * 1024];
                var received = 0;
                while (!Contains(buffer.AsSpan(0, received), "\r\n\r\n"u8) && received < buffer.Length)
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
                    if (n == 0)
                    {
                        break;
                    }

                    received += n;
                }

                Interlocked.Increment(ref _requests);
                socket.LingerState = new LingerOption(true, 0); // close with RST: the request was sent, no answer came
            }
        }
    }

    private static bool Contains(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;
}
