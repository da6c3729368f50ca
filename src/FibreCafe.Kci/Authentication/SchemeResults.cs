using Microsoft.AspNetCore.Authentication;

namespace FibreCafe.Kci.Authentication;

internal static class SchemeResults
{
    public static AuthenticateResult ToAuthenticateResult(SchemeCheck check, string scheme) => check switch
    {
        { Principal: { } principal } => AuthenticateResult.Success(new AuthenticationTicket(principal, scheme)),
        { Failure: { } failure } => AuthenticateResult.Fail(failure),
        _ => AuthenticateResult.NoResult(),
    };
}
