namespace FibreCafe.TestSupport;

/// <summary>
/// One PostgreSQL server for every test of the <see cref="PostgresCollection"/>: started once, stopped and
/// deleted at the end. Tests keep apart by each using a schema of its own (<see cref="NewSchema"/>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    public string ConnectionString => Server.ConnectionString;

    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The tests that share the <see cref="PostgresFixture"/> server; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
