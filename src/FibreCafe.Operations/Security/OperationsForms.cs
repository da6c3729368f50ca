using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Security;

/// <summary>
/// The antiforgery token of every action form, checked by each POST before it reads a field. Checked by hand, not by
/// the antiforgery middleware, so that the page needs nothing of the host's pipeline beyond authentication.
/// </summary>
internal sealed class OperationsForms(IAntiforgery antiforgery)
{
    /// <summary>The hidden input holding the request token (it also sets the antiforgery cookie).</summary>
    public string HiddenField(HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{HtmlEncoder.Default.Encode(tokens.FormFieldName)}\" value=\"{HtmlEncoder.Default.Encode(tokens.RequestToken ?? string.Empty)}\">";
    }

    /// <summary>Reads the form of a POST whose token is valid; <see langword="null"/> when the token is missing or wrong.</summary>
    public async Task<IFormCollection?> ReadValidatedAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
