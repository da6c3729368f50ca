namespace FibreCafe.Kci;

/// <summary>One Basic user name and password pair.</summary>
public sealed class KciBasicCredential
{
    /// <summary>Gets or sets the user name.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password. Never logged or shown by <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"KciBasicCredential {{ Username = {Username}, Password = *** }}";
}
