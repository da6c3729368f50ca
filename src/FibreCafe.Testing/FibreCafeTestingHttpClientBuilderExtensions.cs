using FibreCafe.Testing;
using FibreCafe.Testing.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Test helpers for the builder returned by <c>AddFibreCafeClient</c>.</summary>
public static class FibreCafeTestingHttpClientBuilderExtensions
{
    /// <summary>Sends the ambient <see cref="FibreCafeTestScenario"/> as <c>X-Scenario</c> / <c>X-Kci-Delay</c> headers.</summary>
    /// <param name="builder">The builder returned by <c>AddFibreCafeClient</c>.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddFibreCafeTestScenarios(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(() => new TestScenarioHandler());
    }
}
