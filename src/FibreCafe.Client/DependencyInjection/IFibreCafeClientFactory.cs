namespace FibreCafe.Client;

/// <summary>
/// Hands out the client registered under a name, for code that learns the name at run time (a tenant id from a
/// message, a brand from a route). Where the name is known when the code is written, inject
/// <c>[FromKeyedServices("brand-a")] IFibreCafeClient</c> instead.
/// </summary>
public interface IFibreCafeClientFactory
{
    /// <summary>Returns the client registered with <c>AddFibreCafeClient(name, ...)</c>; <c>""</c> gives the unnamed client.</summary>
    /// <param name="name">The name the client was registered with.</param>
    /// <returns>The client of that name, with its own gateway address, credentials, token cache and circuit breaker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No client is registered with that name; the message lists the names there are.</exception>
    IFibreCafeClient CreateClient(string name);
}
