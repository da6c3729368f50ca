namespace FibreCafe.Kci.Authentication;

/// <summary>
/// The names of the receiver's authentication schemes. None of them becomes the host's default
/// scheme: the endpoint runs them itself, so the rest of the application is not affected.
/// </summary>
internal static class KciAuthenticationSchemes
{
    public const string Basic = "FibreCafeKci.Basic";

    public const string Bearer = "FibreCafeKci.Bearer";

    public const string Certificate = "FibreCafeKci.Certificate";
}
