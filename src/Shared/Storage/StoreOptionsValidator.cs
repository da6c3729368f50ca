using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>
/// Checks a store's options when the host starts: the store's own keys, then the retention keys every store has.
/// Every message names its key under the receiver's section (e.g. <c>FibreCafe:Kci:Store:Path</c>).
/// </summary>
internal abstract class StoreOptionsValidator<TOptions>(string receiverSectionPath) : IValidateOptions<TOptions>
    where TOptions : KciStoreOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{receiverSectionPath}:Store";
        var failures = new List<string>();
        ValidateStore(key, options, failures);
        KciRetentionValidation.Validate(key, options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Adds a message naming the key (<paramref name="storeKey"/><c>:…</c>) for each of the store's own settings that is wrong.</summary>
    protected abstract void ValidateStore(string storeKey, TOptions options, List<string> failures);
}
