namespace FibreCafe.Testing.Internal;

/// <summary>Stamps the ambient <see cref="FibreCafeTestScenario"/> on each request.</summary>
internal sealed class TestScenarioHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        FibreCafeTestScenario.Apply(request);
        return base.SendAsync(request, cancellationToken);
    }
}
