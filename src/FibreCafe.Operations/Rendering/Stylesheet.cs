using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FibreCafe.Operations.Rendering;

/// <summary>The embedded stylesheet, served with an ETag of its content so that a browser keeps it between pages.</summary>
internal static class Stylesheet
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Content = new(() =>
    {
        using var stream = typeof(Stylesheet).Assembly.GetManifestResourceStream("FibreCafe.Operations.operations.css")
            ?? throw new InvalidOperationException("The operations stylesheet is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"");
    });

    public static Task<IResult> GetAsync(HttpContext context)
    {
        var (bytes, etag) = Content.Value;
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "private, max-age=3600";
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return Task.FromResult(Results.StatusCode(StatusCodes.Status304NotModified));
        }

        return Task.FromResult(Results.Bytes(bytes, "text/css; charset=utf-8"));
    }
}
