using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary>
/// Answers what a handler could not: 503 (TMF <c>Error</c>) when the store cannot be reached, so that nothing is
/// acknowledged that was not stored; 500 (TMF <c>Error</c>) for a fault of this library, logged with its exception. A
/// caller that went away is answered nothing.
/// </summary>
internal static partial class Tmf641Guard
{
    public static async Task RunAsync(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the caller left
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FibreCafe.Tmf641");
            var unavailable = ex is DbException or TimeoutException;
            if (unavailable)
            {
                StoreUnavailable(logger, context.Request.Method, context.Request.Path, ex);
            }
            else
            {
                Failed(logger, context.Request.Method, context.Request.Path, ex);
            }

            await Tmf641Http.WriteAsync(context, unavailable
                ? Tmf641Problem.Unavailable()
                : new Tmf641Problem(500, "INTERNAL_ERROR", "The service failed to answer.", "This is a fault of the service, logged; the request may not have been stored.")).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "TMF641 {Method} {Path}: the store cannot be reached; answered 503")]
    private static partial void StoreUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "TMF641 {Method} {Path} failed; answered 500")]
    private static partial void Failed(ILogger logger, string method, PathString path, Exception exception);
}
