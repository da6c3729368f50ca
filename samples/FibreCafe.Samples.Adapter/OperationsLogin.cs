using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using FibreCafe.Operations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FibreCafe.Samples;

/// <summary>
/// The operations page's sign-in: a cookie scheme of its own, a login form at <c>/login</c> that takes a key, and the
/// three policies the page asks for. <c>Sample:ApiKey</c> signs in as <c>operator</c> (view and operate),
/// <c>Sample:ViewerKey</c> (optional) as <c>viewer</c> (view only). A real adapter would sign its operators in with its
/// identity provider (<c>AddOpenIdConnect</c>) and keep the same policies; what matters here is that the cookie is
/// nobody's default scheme, so the TMF641 API still accepts only its bearer key and the page only the cookie.
/// </summary>
internal static partial class OperationsLogin
{
    public const string Scheme = "SampleOperations";

    public const string CookieName = "FibreCafe.Adapter.Operations";

    public const string ViewerKeyConfigurationKey = "Sample:ViewerKey";

    public const string ViewPolicy = "operations-view";

    public const string OperatePolicy = "operations-operate";

    public const string StatsPolicy = "operations-stats";

    public const string ViewRole = "operations.view";

    public const string OperateRole = "operations.operate";

    /// <summary>Where the page is mounted; also where a sign-in goes when it has no (local) ReturnUrl.</summary>
    public const string MountPath = OperationsConstants.DefaultMountPath;

    public const string LoginPath = "/login";

    public const string LogoutPath = "/logout";

    private const string KeyField = "key";

    private const string LogCategory = "FibreCafe.Samples.OperationsLogin";

    private const string ReturnUrlField = "ReturnUrl";

    // The login page's own policy, in the spirit of the operations page's: no script, no style, no framing, forms
    // only to this host.
    private const string ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Why the keys cannot be used (a message that names settings, never values), or <see langword="null"/>.</summary>
    public static string? Problem(IConfiguration configuration)
    {
        var viewer = configuration[ViewerKeyConfigurationKey];
        if (!string.IsNullOrWhiteSpace(viewer) && string.Equals(viewer.Trim(), configuration[ApiKeyAuthentication.ConfigurationKey]?.Trim(), StringComparison.Ordinal))
        {
            // The same value would sign in as operator: whoever was given it "to look" could act.
            return $"{ViewerKeyConfigurationKey} (environment Sample__ViewerKey) must differ from {ApiKeyAuthentication.ConfigurationKey}: it signs in with view rights only. Leave it out, or set another long random value.";
        }

        return null;
    }

    /// <summary>Registers the cookie scheme, the page's policies and the page itself (call after <see cref="Problem"/>).</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        var keys = new Keys(
            Hash(builder.Configuration[ApiKeyAuthentication.ConfigurationKey]),
            string.IsNullOrWhiteSpace(builder.Configuration[ViewerKeyConfigurationKey]) ? null : Hash(builder.Configuration[ViewerKeyConfigurationKey]));
        builder.Services.AddSingleton(keys);

        // The cookie and the antiforgery tokens are protected with ASP.NET Core Data Protection. This sample is one
        // instance and keeps the default key ring (on Linux under ~/.aspnet/DataProtection-Keys). Several instances
        // behind a load balancer must share one key ring, or a cookie issued by one is refused by the next:
        //   builder.Services.AddDataProtection().SetApplicationName("fibre-cafe-adapter")
        //       .PersistKeysToFileSystem(<a shared folder>)   // or PersistKeysToDbContext, …; and ProtectKeysWith… at rest
        // (docs/adapter.md, "Operations page").
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over https; the sample also runs on plain loopback http
            o.ExpireTimeSpan = TimeSpan.FromHours(8); // a working day, renewed while in use
            o.SlidingExpiration = true;
            o.LoginPath = LoginPath;
            o.Events.OnRedirectToLogin = c =>
            {
                // A monitoring system on {mount}/api/ gets the API key scheme's 401 (WWW-Authenticate: Bearer), not a
                // redirect to a form; the stats policy challenges both schemes, and only one may answer.
                if (!c.Request.Path.StartsWithSegments(MountPath + "/api", StringComparison.OrdinalIgnoreCase))
                {
                    c.Response.Redirect(c.RedirectUri);
                }

                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = c =>
            {
                c.Response.StatusCode = StatusCodes.Status403Forbidden; // the page answers 403 itself; there is no access-denied page
                return Task.CompletedTask;
            };
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ViewPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(ViewRole, OperateRole))
            .AddPolicy(OperatePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(OperateRole))
            // A person signed in to the page, or a monitoring system with the API key as its bearer token.
            .AddPolicy(StatsPolicy, p => p.AddAuthenticationSchemes(Scheme, ApiKeyAuthentication.Scheme).RequireAssertion(c =>
                c.User.IsInRole(ViewRole) || c.User.IsInRole(OperateRole)
                || c.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthentication.Scheme)));

        // Title and page size from FibreCafe:Operations; the policies are this host's, so they are set in code after it.
        builder.Services.AddFibreCafeOperations(builder.Configuration.GetSection(OperationsConstants.SectionName));
        builder.Services.Configure<FibreCafeOperationsOptions>(o =>
        {
            o.ViewPolicy = ViewPolicy;
            o.OperatePolicy = OperatePolicy;
            o.StatsPolicy = StatsPolicy;
        });
    }

    /// <summary>Maps the page at <see cref="MountPath"/>, and <c>GET/POST /login</c> and <c>POST /logout</c>.</summary>
    public static void Map(WebApplication app)
    {
        app.MapFibreCafeOperations(MountPath);
        app.MapGet(LoginPath, async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await SignedInUserAsync(context);
            return Form(context, antiforgery, StatusCodes.Status200OK, message: null, context.Request.Query[ReturnUrlField].ToString());
        });
        app.MapPost(LoginPath, LoginAsync);
        app.MapPost(LogoutPath, LogoutAsync);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery, Keys keys, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        await SignedInUserAsync(context);
        if (!await IsValidFormAsync(context, antiforgery))
        {
            return Form(context, antiforgery, StatusCodes.Status400BadRequest, "The form had expired: sign in again.", returnUrl: null);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form[ReturnUrlField].ToString();
        var given = Hash(form[KeyField].ToString());

        // Both comparisons always run, each in constant time over the SHA-256 of both sides (see ApiKeyAuthentication):
        // how long the answer takes tells nothing about the key, nor which of the two was nearly right.
        var isOperator = CryptographicOperations.FixedTimeEquals(given, keys.Operator);
        var isViewer = keys.Viewer is not null & CryptographicOperations.FixedTimeEquals(given, keys.Viewer ?? keys.Operator);
        var remote = context.Connection.RemoteIpAddress;
        if (!isOperator && !isViewer)
        {
            LogRefused(logger, remote);
            return Form(context, antiforgery, StatusCodes.Status401Unauthorized, "That key does not sign in here.", returnUrl);
        }

        var name = isOperator ? "operator" : "viewer";
        Claim[] claims = isOperator
            ? [new(ClaimTypes.Name, name), new(ClaimTypes.Role, ViewRole), new(ClaimTypes.Role, OperateRole)]
            : [new(ClaimTypes.Name, name), new(ClaimTypes.Role, ViewRole)];
        await context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)));
        LogSignedIn(logger, name, remote);
        return new SeeOther(IsLocalUrl(returnUrl) ? returnUrl : context.Request.PathBase + MountPath + "/");
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var user = await SignedInUserAsync(context);
        if (!await IsValidFormAsync(context, antiforgery))
        {
            return Form(context, antiforgery, StatusCodes.Status400BadRequest, "The form had expired: nothing was changed.", returnUrl: null);
        }

        await context.SignOutAsync(Scheme);
        if (user is not null)
        {
            LogSignedOut(logger, user);
        }

        return new SeeOther(context.Request.PathBase + LoginPath);
    }

    /// <summary>
    /// Sets <c>HttpContext.User</c> from this scheme's cookie. The cookie is nobody's default scheme, so the pipeline
    /// leaves the user anonymous here; the antiforgery tokens are bound to the user, and the operations page checks
    /// them with the cookie's user, so the login and logout forms must be made and checked with it too.
    /// </summary>
    private static async Task<string?> SignedInUserAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Succeeded)
        {
            context.User = result.Principal;
            return result.Principal.Identity?.Name;
        }

        return null;
    }

    private static async Task<bool> IsValidFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return false;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>The sign-in form; when someone is signed in, also who and a sign-out button.</summary>
    private static HtmlPage Form(HttpContext context, IAntiforgery antiforgery, int status, string? message, string? returnUrl)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var token = $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
        var root = context.Request.PathBase.Value ?? string.Empty;
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sign in · Fibre Cafe operations</title></head><body><main>")
            .Append("<h1>Fibre Cafe operations</h1>");
        if (context.User.Identity is { IsAuthenticated: true, Name: var name })
        {
            html.Append("<p>Signed in as <strong>").Append(E(name)).Append("</strong>. <a href=\"").Append(E(root + MountPath + "/")).Append("\">Open the operations page</a>.</p>")
                .Append("<form method=\"post\" action=\"").Append(E(root + LogoutPath)).Append("\">").Append(token).Append("<button type=\"submit\">Sign out</button></form>");
        }

        if (message is not null)
        {
            html.Append("<p role=\"alert\">").Append(E(message)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"").Append(E(root + LoginPath)).Append("\">").Append(token)
            .Append("<input type=\"hidden\" name=\"").Append(ReturnUrlField).Append("\" value=\"").Append(E(IsLocalUrl(returnUrl) ? returnUrl : null)).Append("\">")
            .Append("<p><label>Key <input type=\"password\" name=\"").Append(KeyField).Append("\" autocomplete=\"current-password\" required autofocus></label></p>")
            .Append("<p><button type=\"submit\">Sign in</button></p></form>")
            .Append("<p>The adapter's API key signs in to view and act; the viewer key, to view only.</p></main></body></html>");
        return new HtmlPage(html.ToString(), status);
    }

    /// <summary>
    /// Whether a ReturnUrl stays on this host: a path from its root, not <c>//host</c> or <c>/\host</c> (which browsers
    /// read as another host) and without control characters. Anything else is ignored, so the login is no open redirect.
    /// </summary>
    private static bool IsLocalUrl([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    private static byte[] Hash(string? key) => SHA256.HashData(Encoding.UTF8.GetBytes(key?.Trim() ?? string.Empty));

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    // The log names who signed in and from where, never a key given or expected.
    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed in to the operations page from {RemoteAddress}.")]
    private static partial void LogSignedIn(ILogger logger, string user, IPAddress? remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A sign-in to the operations page from {RemoteAddress} was refused: the key given is neither Sample:ApiKey nor Sample:ViewerKey.")]
    private static partial void LogRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} signed out of the operations page.")]
    private static partial void LogSignedOut(ILogger logger, string user);

    /// <summary>The SHA-256 of each key, the only form in which the login keeps them.</summary>
    internal sealed record Keys(byte[] Operator, byte[]? Viewer);

    /// <summary>A 303: after the POST the browser GETs the location (and a reload does not post the key again).</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }

    /// <summary>A page of this login with its headers: the policy above, no caching, no sniffing, no referrer.</summary>
    private sealed class HtmlPage(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
