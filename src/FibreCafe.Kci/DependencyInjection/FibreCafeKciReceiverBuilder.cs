using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci.DependencyInjection;

internal sealed class FibreCafeKciReceiverBuilder(IServiceCollection services, IConfiguration? configuration) : IFibreCafeKciReceiverBuilder
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration? Configuration { get; } = configuration;
}
