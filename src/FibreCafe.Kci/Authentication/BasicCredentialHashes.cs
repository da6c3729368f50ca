using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Authentication;

/// <summary>
/// The configured Basic pairs as SHA-256 hashes (see <see cref="ConstantTime"/>), computed once per options
/// instance instead of on every request: a reload of the configuration yields a new instance, so a rotated
/// pair takes effect at once.
/// </summary>
internal sealed class BasicCredentialHashes(IOptionsMonitor<FibreCafeKciOptions> options)
{
    private Snapshot? _snapshot;

    public IReadOnlyList<(byte[] Username, byte[] Password)> Current
    {
        get
        {
            var current = options.CurrentValue;
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is null || !ReferenceEquals(snapshot.Source, current))
            {
                snapshot = new Snapshot(
                    current,
                    current.Authentication.Basic.GetAllCredentials().Select(c => (ConstantTime.Hash(c.Username), ConstantTime.Hash(c.Password))).ToArray());
                Volatile.Write(ref _snapshot, snapshot);
            }

            return snapshot.Pairs;
        }
    }

    private sealed record Snapshot(FibreCafeKciOptions Source, (byte[] Username, byte[] Password)[] Pairs);
}
