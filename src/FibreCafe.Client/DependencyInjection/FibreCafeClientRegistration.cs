using FibreCafe.Client.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// One registered client, as <c>AddFibreCafeClient</c> recorded it: its name, where its keys live in configuration,
/// and the names of what is registered for it alone (its two HttpClients and its resilience pipeline).
/// </summary>
internal sealed class FibreCafeClientRegistration
{
    /// <summary>The token endpoint HttpClient of the unnamed client; a named client's is this, a colon and its name.</summary>
    public const string DefaultTokenHttpClientName = "FibreCafe.TokenEndpoint";

    /// <summary>The prefix of a named client's gateway HttpClient name; its name follows.</summary>
    public const string NamedGatewayHttpClientPrefix = "FibreCafe.Gateway:";

    public FibreCafeClientRegistration(string name)
    {
        Name = name;
        IsDefault = name.Length == 0;
        ConfigurationPath = IsDefault ? FibreCafeClientOptions.SectionName : name;
        GatewayHttpClientName = IsDefault ? UniqueName.ForType<IFibreCafeTenantApi>() : NamedGatewayHttpClientPrefix + name;
        TokenHttpClientName = IsDefault ? DefaultTokenHttpClientName : DefaultTokenHttpClientName + ":" + name;
        PipelineName = IsDefault ? FibreCafeResiliencePipeline.Name : FibreCafeResiliencePipeline.Name + ":" + name;
    }

    /// <summary>Gets the client's name: the options name, the service key; <see cref="Options.DefaultName"/> for the unnamed client.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether this is the unnamed client.</summary>
    public bool IsDefault { get; }

    /// <summary>
    /// Gets or sets the configuration path that prefixes the keys in validation messages: <c>FibreCafe</c> for the unnamed
    /// client; for a named one the <see cref="Microsoft.Extensions.Configuration.IConfigurationSection.Path"/> of the last
    /// section it was bound from, or its name when it is configured in code only.
    /// </summary>
    public string ConfigurationPath { get; set; }

    /// <summary>Gets the name of the gateway's HttpClient: Refit's name for <see cref="IFibreCafeTenantApi"/> for the unnamed client.</summary>
    public string GatewayHttpClientName { get; }

    /// <summary>Gets the name of the token endpoint's HttpClient.</summary>
    public string TokenHttpClientName { get; }

    /// <summary>Gets the name given to <c>AddResilienceHandler</c>: its retry and circuit breaker serve this client alone.</summary>
    public string PipelineName { get; }

    /// <summary>Gets or sets the builder of the gateway's HttpClient, returned by every registration of this name.</summary>
    public IHttpClientBuilder? Builder { get; set; }

    /// <summary>Returns <paramref name="key"/> under <see cref="ConfigurationPath"/>, e.g. <c>Tenants:BrandA:ClientSecret</c>.</summary>
    public string KeyOf(string key) => ConfigurationPath + ":" + key;
}
