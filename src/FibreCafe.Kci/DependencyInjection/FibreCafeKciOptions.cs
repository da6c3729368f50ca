namespace FibreCafe.Kci;

/// <summary>
/// Settings of the KCI receiver, bound from the <c>FibreCafe:Kci</c> configuration section. Validated
/// when the host starts.
/// </summary>
public sealed class FibreCafeKciOptions
{
    /// <summary>The configuration section these options are usually bound from: <c>FibreCafe:Kci</c>.</summary>
    public const string SectionName = "FibreCafe:Kci";

    /// <summary>The default <see cref="MaxBodyBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Gets or sets the largest KCI body accepted; larger bodies get 413 without being read to the end. Default: 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Gets or sets how the gateway authenticates (<c>FibreCafe:Kci:Authentication</c>). At least one mode is required.</summary>
    public KciAuthenticationOptions Authentication { get; set; } = new();

    /// <summary>Gets or sets how stored KCIs are dispatched to handlers (<c>FibreCafe:Kci:Dispatch</c>).</summary>
    public KciDispatchOptions Dispatch { get; set; } = new();

    /// <inheritdoc />
    public override string ToString() =>
        $"FibreCafeKciOptions {{ MaxBodyBytes = {MaxBodyBytes}, Authentication = {Authentication}, Dispatch = {Dispatch} }}";
}
