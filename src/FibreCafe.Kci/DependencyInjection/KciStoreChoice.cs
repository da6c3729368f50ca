using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Kci;

/// <summary>
/// Which store the receiver keeps its inbox and ledger in, as chosen on its builder (<c>UseSqliteStore()</c>,
/// <c>UsePostgreSqlStore()</c>, <c>UseInMemoryStore()</c>). A receiver has one store: a second, different choice is
/// refused when it is made, rather than leaving the first store's schema migration and clean-up running for a store
/// nobody uses. A store package calls <see cref="Register"/> first thing in its <c>Use…Store()</c>.
/// </summary>
public sealed class KciStoreChoice
{
    private KciStoreChoice(string name) => Name = name;

    /// <summary>Gets the name of the method that chose the store, e.g. <c>UseSqliteStore</c>.</summary>
    public string Name { get; }

    /// <summary>Records the receiver's store; choosing the same store again is allowed (it adds configuration).</summary>
    /// <param name="builder">The receiver builder of <c>AddFibreCafeKciReceiver</c>.</param>
    /// <param name="name">The method that chooses the store, e.g. <c>UseSqliteStore</c>.</param>
    /// <returns><see langword="true"/> when this is the first choice, <see langword="false"/> when the same store was chosen before.</returns>
    /// <exception cref="InvalidOperationException">Another store was chosen already.</exception>
    public static bool Register(IFibreCafeKciReceiverBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var chosen = builder.Services.Select(d => d.ImplementationInstance).OfType<KciStoreChoice>().FirstOrDefault();
        if (chosen is null)
        {
            builder.Services.AddSingleton(new KciStoreChoice(name));
            return true;
        }

        return string.Equals(chosen.Name, name, StringComparison.Ordinal)
            ? false
            : throw new InvalidOperationException(
                $"The KCI receiver's store was chosen already with {chosen.Name}(); {name}() cannot replace it. Choose one store.");
    }
}
