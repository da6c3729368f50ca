using FibreCafe.Operations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FibreCafe.Operations.Rendering;

/// <summary>
/// Runs a page or an action after its checks: the right's policies first; for an action, the antiforgery token
/// next, before any field is read. A refusal carries the page's security headers as well.
/// </summary>
internal sealed class OperationsEndpoints(string prefix)
{
    public Func<HttpContext, Task<IResult>> Page(Func<OperationsPage, Task<IResult>> handler, OperationsRight right = OperationsRight.View) =>
        async context =>
        {
            var access = context.RequestServices.GetRequiredService<OperationsAccess>();
            if (await access.CheckAsync(context, right).ConfigureAwait(false) is { } refused)
            {
                return Refused(refused);
            }

            return await handler(await OpenAsync(context, access).ConfigureAwait(false)).ConfigureAwait(false);
        };

    public Func<HttpContext, Task<IResult>> Action(Func<OperationsPage, IFormCollection, Task<IResult>> handler) =>
        async context =>
        {
            var access = context.RequestServices.GetRequiredService<OperationsAccess>();
            if (await access.CheckAsync(context, OperationsRight.Operate).ConfigureAwait(false) is { } refused)
            {
                return Refused(refused);
            }

            var form = await context.RequestServices.GetRequiredService<OperationsForms>().ReadValidatedAsync(context).ConfigureAwait(false);
            if (form is null)
            {
                return Message(StatusCodes.Status400BadRequest, "The form's antiforgery token is missing or wrong: reload the page and try again. Nothing was changed.");
            }

            return await handler(await OpenAsync(context, access).ConfigureAwait(false), form).ConfigureAwait(false);
        };

    /// <summary>A 303 to a page of the mount (a relative location: right under any path base or proxy prefix).</summary>
    public static IResult SeeOther(OperationsPage page, string path, string notice) =>
        new SeeOtherResult(page.Root + path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "done=" + Uri.EscapeDataString(notice));

    /// <summary>A bare page for an answer that has no page of its own (a refusal, a bad form).</summary>
    public static IResult Message(int statusCode, string text) =>
        new HtmlResult($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{statusCode}</title></head><body><p>{Html.E(text)}</p></body></html>", statusCode);

    private async Task<OperationsPage> OpenAsync(HttpContext context, OperationsAccess access)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<FibreCafeOperationsOptions>>().CurrentValue;
        return new OperationsPage(context, OperationsPage.RootOf(context.Request.Path, prefix), await access.CanOperateAsync(context).ConfigureAwait(false), options);
    }

    private static IResult Refused(IResult refused) =>
        refused is IStatusCodeHttpResult { StatusCode: StatusCodes.Status403Forbidden }
            ? Message(StatusCodes.Status403Forbidden, "You may not do this here: your account lacks the policy it needs.")
            : refused;

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            HtmlResult.SecurityHeaders(httpContext.Response);
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
