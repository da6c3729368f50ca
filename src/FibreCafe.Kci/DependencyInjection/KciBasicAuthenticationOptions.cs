using FibreCafe.Kci.DependencyInjection;

namespace FibreCafe.Kci;

/// <summary>
/// Basic authentication (<c>Authentication:Basic</c>): one pair in <see cref="Username"/> and
/// <see cref="Password"/>, and/or several in <see cref="Credentials"/> so a password can be rotated
/// without downtime (add the new pair, switch the gateway, remove the old pair).
/// </summary>
public sealed class KciBasicAuthenticationOptions
{
    /// <summary>Gets or sets the user name of a single credential pair.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password of a single credential pair. Never logged or shown by <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Gets the credential pairs (<c>Credentials:0:Username</c>, <c>Credentials:0:Password</c>, ...).</summary>
    public IList<KciBasicCredential> Credentials { get; } = [];

    /// <summary>Gets or sets the realm sent in <c>WWW-Authenticate</c>. Default: <c>FibreCafe KCI</c>.</summary>
    public string Realm { get; set; } = KciReceiverConstants.DefaultBasicRealm;

    /// <summary>Gets a value indicating whether any pair is configured.</summary>
    public bool IsConfigured => Username is not null || Password is not null || Credentials.Count > 0;

    /// <summary>Gets every configured pair: <see cref="Username"/>/<see cref="Password"/> first, then <see cref="Credentials"/>.</summary>
    /// <returns>The pairs.</returns>
    public IEnumerable<KciBasicCredential> GetAllCredentials()
    {
        if (Username is not null || Password is not null)
        {
            yield return new KciBasicCredential { Username = Username, Password = Password };
        }

        foreach (var credential in Credentials)
        {
            yield return credential;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Basic {{ Pairs = {GetAllCredentials().Count()} }}";
}
