namespace FibreCafe.Kci.DependencyInjection;

/// <summary>
/// Every default and limit of the receiver's options, in one place (as Polly's <c>RetryConstants</c>): the property
/// initializers, <see cref="FibreCafeKciOptionsValidator"/> and, as values, the XML docs and docs/kci-receiver.md use these.
/// </summary>
internal static class KciReceiverConstants
{
    public const long MaxBodyBytesLimit = 100 * 1024 * 1024;

    public const int DefaultMaxAttempts = 5;
    public const int MinMaxAttempts = 1;
    public const int MaxMaxAttempts = 100;

    public const int DefaultBatchSize = 32;
    public const int MinBatchSize = 1;
    public const int MaxBatchSize = 1000;

    public const int DefaultMaxConcurrency = 4;
    public const int MinMaxConcurrency = 1;
    public const int MaxMaxConcurrency = 64;

    public const string DefaultBasicRealm = "FibreCafe KCI";

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinLeaseDuration = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);
}
