using FibreCafe.Kci;

namespace FibreCafe.Storage.Shared;

/// <summary>The <c>kci_inbox.status</c> numbers of <see cref="KciInboxStatus"/>, for SQL text (constant interpolation); the scripts use the same numbers.</summary>
internal static class InboxStatusSql
{
    public const string Pending = "0";
    public const string Done = "1";
    public const string Parked = "2";
}
