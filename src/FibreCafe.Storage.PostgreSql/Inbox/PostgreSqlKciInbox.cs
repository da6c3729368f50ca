using FibreCafe.Kci;

namespace FibreCafe.Storage.PostgreSql;

/// <summary>
/// The <see cref="IKciInbox"/> on PostgreSQL, shared by every receiver instance. A claim is one transaction
/// in two statements:
/// <list type="number">
/// <item>lock the <c>kci_entity</c> rows of entities whose head (lowest pending sequence number) is due and
/// unclaimed, <c>FOR UPDATE SKIP LOCKED</c>: an entity another instance is claiming right now is skipped;</item>
/// <item>with a snapshot taken after those locks are held, lease each locked entity's head again only when it
/// is still the head, still due and the entity still has no live claim.</item>
/// </list>
/// Claims of one entity are therefore serialized by its row lock, and the second statement sees every claim
/// committed before: an entity never has two live claims, and only its head is ever claimed. The lease
/// update re-checks the row itself (<c>status</c>, lease), so an entry finished concurrently by a dispatcher
/// whose lease had lapsed is not handed out again.
/// </summary>
internal sealed class PostgreSqlKciInbox(PostgreSqlKciDatabase database, TimeProvider timeProvider) : RelationalKciInbox(database, timeProvider, PostgreSqlSql.Inbox);
