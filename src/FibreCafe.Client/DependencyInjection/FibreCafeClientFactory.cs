using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Client.DependencyInjection;

/// <summary>
/// Resolves a client by name from the provider it was itself resolved from (transient, so that a scope's observers
/// stay the scope's): the keyed <see cref="IFibreCafeClient"/> of a named client, the unkeyed one for <c>""</c>.
/// </summary>
internal sealed class FibreCafeClientFactory(IServiceProvider services, FibreCafeClientRegistry registry) : IFibreCafeClientFactory
{
    public IFibreCafeClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!registry.TryGet(name, out var registration))
        {
            throw new InvalidOperationException(registry.DescribeUnknown(name));
        }

        return registration.IsDefault
            ? services.GetRequiredService<IFibreCafeClient>()
            : services.GetRequiredKeyedService<IFibreCafeClient>(name);
    }
}
