using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FibreCafe.Operations.Security;

/// <summary>
/// Decides who may see and do what, from the configured policies. The endpoints check here rather than through
/// <c>RequireAuthorization</c> so that a user who is signed in but lacks a policy gets a plain 403, not the cookie
/// handler's redirect to an access-denied page, and so that the pages can leave out the buttons a user may not press.
/// </summary>
internal sealed class OperationsAccess(
    IOptionsMonitor<FibreCafeOperationsOptions> options,
    IAuthorizationPolicyProvider policies,
    IPolicyEvaluator evaluator,
    IAuthenticationSchemeProvider schemes,
    IHostEnvironment environment)
{
    private const string Section = OperationsConstants.SectionName;

    /// <summary>Throws at mapping time, before the host starts, when the page would be open to anyone or names a policy nobody registered.</summary>
    public void EnsureConfigured()
    {
        var current = options.CurrentValue; // validates the options
        if (current.ViewPolicy is null && !AnonymousAllowed(current))
        {
            throw new InvalidOperationException(
                $"The operations page needs a policy for viewing: set {Section}:{nameof(current.ViewPolicy)} to a policy registered with AddAuthorization. "
                + $"Only in the Development environment may {Section}:{nameof(current.AllowAnonymousInDevelopment)} = true serve it without one.");
        }

        foreach (var (key, name) in new[] { (nameof(current.ViewPolicy), current.ViewPolicy), (nameof(current.OperatePolicy), current.OperatePolicy), (nameof(current.StatsPolicy), current.StatsPolicy) })
        {
            if (name is not null && policies.GetPolicyAsync(name).GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException($"{Section}:{key} names the policy '{name}', which is not registered: add it with services.AddAuthorization(o => o.AddPolicy(\"{name}\", ...)).");
            }
        }
    }

    /// <summary>Gets whether the page offers actions at all (an operate policy is configured).</summary>
    public bool ActionsConfigured => options.CurrentValue.OperatePolicy is not null;

    /// <summary>Checks a request; <see langword="null"/> when it may go on, otherwise the answer to send (a challenge or a 403).</summary>
    public async Task<IResult?> CheckAsync(HttpContext context, OperationsRight right)
    {
        var current = options.CurrentValue;
        var names = right switch
        {
            OperationsRight.View => [current.ViewPolicy],
            OperationsRight.Stats => [current.StatsPolicy ?? current.ViewPolicy],
            _ => current.OperatePolicy is null ? null : new[] { current.ViewPolicy, current.OperatePolicy },
        };
        if (names is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden); // read-only: nobody operates
        }

        foreach (var name in names)
        {
            if (name is null)
            {
                if (AnonymousAllowed(current))
                {
                    continue;
                }

                return Results.StatusCode(StatusCodes.Status403Forbidden); // EnsureConfigured refuses this; a changed configuration may not open the page
            }

            var policy = await policies.GetPolicyAsync(name).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The authorization policy '{name}' ({Section}) is not registered.");
            var authenticated = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
            var result = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null).ConfigureAwait(false);
            if (result.Challenged)
            {
                return await ChallengeAsync(policy).ConfigureAwait(false);
            }

            if (!result.Succeeded)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
        }

        return null;
    }

    /// <summary>Gets whether the current user may act, so that a page shows the action buttons.</summary>
    public async Task<bool> CanOperateAsync(HttpContext context) =>
        ActionsConfigured && await CheckAsync(context, OperationsRight.Operate).ConfigureAwait(false) is null;

    /// <summary>The user's name for the log and the request history.</summary>
    public static string UserName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    private bool AnonymousAllowed(FibreCafeOperationsOptions current) => current.AllowAnonymousInDevelopment && environment.IsDevelopment();

    // A challenge the host can answer (e.g. the cookie handler's redirect to its login page); a bare 401 when no
    // scheme would take it, rather than the exception ChallengeAsync throws then.
    private async Task<IResult> ChallengeAsync(AuthorizationPolicy policy)
    {
        if (policy.AuthenticationSchemes.Count > 0)
        {
            return Results.Challenge(properties: null, authenticationSchemes: policy.AuthenticationSchemes.ToList());
        }

        return await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is null
            ? Results.StatusCode(StatusCodes.Status401Unauthorized)
            : Results.Challenge();
    }
}
