namespace FibreCafe.Operations.Rendering;

/// <summary>
/// What an action's redirect says happened (<c>?done=code</c>): fixed texts chosen by code, so that a crafted link can
/// never make the page print words of the link's own.
/// </summary>
internal static class Notices
{
    public const string Replayed = "replayed";
    public const string NotParked = "not-parked";
    public const string Withdrawn = "withdrawn";
    public const string Resubmitted = "resubmitted";
    public const string Rescheduled = "rescheduled";
    public const string Refused = "refused";
    public const string BadTime = "bad-time";
    public const string Retried = "retried";
    public const string NothingToRetry = "nothing-to-retry";

    public static string? Text(string? code) => code switch
    {
        Replayed => "The KCI was replayed: it is pending again and the dispatcher was woken.",
        NotParked => "Nothing was replayed: the KCI is not parked (any more).",
        Withdrawn => "The cancellation request was withdrawn.",
        Resubmitted => "The cancellation request was resubmitted: it is scheduled to be sent again now.",
        Rescheduled => "The cancellation request was rescheduled.",
        Refused => "Nothing was changed: the request's state no longer allows that action.",
        BadTime => "Nothing was changed: give the new time as yyyy-MM-ddTHH:mm (UTC), later than now.",
        Retried => "The parked notifications are due again and will be delivered on the next pass.",
        NothingToRetry => "Nothing was retried: no parked notification matched.",
        _ => null,
    };
}
