namespace FibreCafe.Storage.Shared;

/// <summary>
/// The inbox SQL a dialect writes its own way, and which of the two claims it takes (see <see cref="RelationalKciInbox"/>).
/// </summary>
/// <param name="Insert">The insert of one entry, <c>ON CONFLICT (kci_id) DO NOTHING</c>, with the parameters of <see cref="InboxRows.Insert"/>.</param>
/// <param name="NextDue">The earliest time a head is due (its next attempt, or when its entity's claim lapses), given <c>@now</c>, as <c>next_due</c>.</param>
/// <param name="ClaimHeads">
/// With <paramref name="ExclusiveWriter"/>: the due heads of entities without a live claim (<c>@now</c>, <c>@max</c>), as rows.
/// Otherwise: the <c>entity_key</c> and <c>position</c> of such heads, their entity rows locked <c>FOR UPDATE SKIP LOCKED</c>.
/// </param>
/// <param name="Lease">
/// With <paramref name="ExclusiveWriter"/>: the lease of one head (<c>@id</c>, <c>@lease</c>, <c>@until</c>). Otherwise: the lease of
/// each of those heads by position (<c>@positions</c>, <c>@now</c>, <c>@until</c>) only while it still is its entity's head, due and
/// unclaimed, <c>RETURNING</c> it.
/// </param>
/// <param name="ExclusiveWriter">Whether the write transaction excludes every other writer (SQLite's one writer).</param>
/// <param name="KeyPrefix">
/// The condition of <see cref="InboxSearch"/> that <c>entity_key</c> starts with <c>@prefix</c> (a type's <c>TYPE:</c>): the
/// bytewise range from it to <c>@prefixEnd</c> (<c>TYPE;</c>), which holds exactly those keys. Not LIKE, in which <c>_</c>
/// is a wildcard and which SQLite compares ignoring case.
/// </param>
/// <param name="ReceivedByHour">
/// One grouped query over the <c>received_at</c> index: the entries received from <c>@from</c> (inclusive) to <c>@until</c>
/// (exclusive), counted per hour, as <c>hour</c> (0 for the hour from <c>@from</c>) and <c>n</c>; hours without any are left out.
/// </param>
internal sealed record InboxSql(
    string Insert, string NextDue, string ClaimHeads, string Lease, bool ExclusiveWriter, string KeyPrefix, string ReceivedByHour);
