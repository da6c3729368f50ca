using FibreCafe.Kci;
using FibreCafe.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Storage.Tests.Infrastructure;

/// <summary>
/// One store implementation on storage of its own for one test. <see cref="Open"/> builds what a receiver
/// process builds (<c>AddFibreCafeKciReceiver(...).UseXxxStore(...)</c>) and returns its inbox and ledger;
/// calling it again gives a second receiver instance on the same storage. The in-memory and SQLite stores
/// serve one process only (SQLite takes back every claim when a process opens the file), so for them a
/// "second instance" is the same objects: several dispatchers in one process.
/// </summary>
public abstract class StoreUnderTest : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether several processes may share the storage (a second <see cref="Open"/> is a new instance).</summary>
    public virtual bool SharedAcrossProcesses => false;

    public static StoreUnderTest InMemory() => new InMemoryStore();

    public static StoreUnderTest Sqlite() => new SqliteStore();

    /// <summary>A new SQLite store on the file of <paramref name="store"/>, as a restarted process opens it; the original keeps ownership of the folder.</summary>
    public static StoreUnderTest ReopenSqlite(StoreUnderTest store) => new SqliteReopened(store.SqlitePath ?? throw new ArgumentException("Not a SQLite store.", nameof(store)));

    public static StoreUnderTest PostgreSql(PostgresFixture postgres) => new PostgreSqlStore(postgres.ConnectionString, PostgresFixture.NewSchema());

    public StoreInstance Open(TimeProvider clock)
    {
        if (!SharedAcrossProcesses && _providers.Count > 0)
        {
            return new StoreInstance(_providers[0]);
        }

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(clock);
        Configure(services.AddFibreCafeKciReceiver(o =>
        {
            o.Authentication.Basic.Username = "gateway";
            o.Authentication.Basic.Password = "storage-tests-password";
        }));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return new StoreInstance(provider);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    public override string ToString() => Name;

    /// <summary>Gets the path of the SQLite file, for tests that open their own connection to it; <see langword="null"/> for other stores.</summary>
    public virtual string? SqlitePath => null;

    /// <summary>Gets the PostgreSQL connection string and schema, for tests that open their own connection; <see langword="null"/> for other stores.</summary>
    public virtual (string ConnectionString, string Schema)? PostgreSqlDatabase => null;

    protected abstract void Configure(IFibreCafeKciReceiverBuilder receiver);

    private sealed class InMemoryStore : StoreUnderTest
    {
        public override string Name => "in memory";

        protected override void Configure(IFibreCafeKciReceiverBuilder receiver) => receiver.UseInMemoryStore();
    }

    private sealed class SqliteStore : StoreUnderTest
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fibrecafe-storage-tests-");

        public override string Name => "SQLite";

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Delete(recursive: true);
        }

        public override string? SqlitePath => Path.Combine(_folder.FullName, "kci.db");

        protected override void Configure(IFibreCafeKciReceiverBuilder receiver) => receiver.UseSqliteStore(SqlitePath!);
    }

    private sealed class SqliteReopened(string path) : StoreUnderTest
    {
        public override string Name => "SQLite, reopened";

        public override string? SqlitePath => path;

        protected override void Configure(IFibreCafeKciReceiverBuilder receiver) => receiver.UseSqliteStore(path);
    }

    private sealed class PostgreSqlStore(string connectionString, string schema) : StoreUnderTest
    {
        public override string Name => "PostgreSQL";

        public override bool SharedAcrossProcesses => true;

        public override (string ConnectionString, string Schema)? PostgreSqlDatabase => (connectionString, schema);

        protected override void Configure(IFibreCafeKciReceiverBuilder receiver) =>
            receiver.UsePostgreSqlStore(o =>
            {
                o.ConnectionString = connectionString;
                o.Schema = schema;
            });
    }
}

/// <summary>One receiver instance's view of a store.</summary>
public sealed class StoreInstance(IServiceProvider services)
{
    public IServiceProvider Services { get; } = services;

    public IKciInbox Inbox => Services.GetRequiredService<IKciInbox>();

    public ICancellationLedger Ledger => Services.GetRequiredService<ICancellationLedger>();

    public ICancellationRequestStore Requests => Services.GetRequiredService<ICancellationRequestStore>();

    public IEventSubscriptionStore Subscriptions => Services.GetRequiredService<IEventSubscriptionStore>();

    public INotificationOutbox Notifications => Services.GetRequiredService<INotificationOutbox>();
}
