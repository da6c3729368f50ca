using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.Tests.Infrastructure;

/// <summary>
/// Makes the request body of every request fail the way Kestrel's does, which TestServer cannot: Kestrel's
/// own size limit, its minimum data rate, a body that ends early, or a client that goes away mid-body
/// (then <see cref="HttpContext.RequestAborted"/> is cancelled, as Kestrel does when the connection closes).
/// </summary>
internal static class FaultyRequestBody
{
    public static void Register(IServiceCollection services, Func<Exception> fault, bool abortsRequest = false) =>
        services.AddSingleton<IStartupFilter>(new Filter(fault, abortsRequest));

    private sealed class Filter(Func<Exception> fault, bool abortsRequest) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                using var aborted = new CancellationTokenSource();
                if (abortsRequest)
                {
                    context.RequestAborted = aborted.Token;
                }

                context.Request.Body = new FailingStream(() =>
                {
                    if (abortsRequest)
                    {
                        aborted.Cancel();
                    }

                    return fault();
                });
                await inner(context);
            });
            next(app);
        };
    }

    /// <summary>Gives a few bytes of JSON, then fails.</summary>
    private sealed class FailingStream(Func<Exception> fault) : Stream
    {
        private bool _gaveSome;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("only asynchronous reads");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_gaveSome)
            {
                _gaveSome = true;
                buffer.Span[0] = (byte)'{';
                return ValueTask.FromResult(1);
            }

            return ValueTask.FromException<int>(fault());
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
