using System.Diagnostics.CodeAnalysis;
using FibreCafe.Kci.Endpoint;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the KCI endpoint.</summary>
public static class KciEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c>, the Tenant Updates API's <c>handleKci</c>, to the receiver registered by
    /// <c>AddFibreCafeKciReceiver</c>. The endpoint authenticates requests itself with the configured modes,
    /// so it is marked <c>AllowAnonymous</c> for the application's own authorization policies.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder, e.g. the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route; the gateway is told the full URL at onboarding. Default: <c>/kcis</c>.</param>
    /// <returns>The endpoint's convention builder, e.g. to add rate limiting or host filtering.</returns>
    /// <exception cref="InvalidOperationException">The receiver was not registered.</exception>
    public static IEndpointConventionBuilder MapFibreCafeKcis(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/kcis")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<KciEndpoint>() is null)
        {
            throw new InvalidOperationException(
                "The KCI receiver is not registered: call services.AddFibreCafeKciReceiver(configuration.GetSection(\"FibreCafe:Kci\")) first.");
        }

        return endpoints
            .MapPost(pattern, context => context.RequestServices.GetRequiredService<KciEndpoint>().HandleAsync(context))
            .WithDisplayName("FibreCafe handleKci")
            .AllowAnonymous();
    }
}
