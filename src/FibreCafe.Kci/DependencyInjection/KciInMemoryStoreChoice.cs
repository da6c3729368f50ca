namespace FibreCafe.Kci.DependencyInjection;

/// <summary>Registered by <c>UseInMemoryStore()</c>: the host asked for the in-memory store, so <see cref="KciDurableStoreGuard"/> lets it start.</summary>
internal sealed class KciInMemoryStoreChoice;
