using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace FibreCafe.TestSupport;

/// <summary>
/// A throw-away PostgreSQL server for tests, from the machine's own binaries (<c>initdb</c>, <c>postgres</c>,
/// <c>pg_ctl</c>; PATH or <c>/usr/lib/postgresql/*/bin</c>): a new cluster in a temporary folder, listening
/// on 127.0.0.1 on a free port only (its socket folder inside the temporary folder), password authentication
/// (scram-sha-256), <c>fsync=off</c> for speed, or durable as in production for the benchmarks (<c>fsync</c>,
/// <c>synchronous_commit</c>, <c>full_page_writes</c> on; Npgsql's default pool; long command timeout for seeding).
/// Tests connect as a non-superuser role that owns database <c>kci</c>.
/// As root, the server runs as the <c>postgres</c> user (initdb and postgres refuse root). The server sits
/// under a shell that stops it when this process's end of its stdin pipe closes, so even a test run that is
/// killed leaves no server behind.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string Database = "kci";
    public const string Role = "kci_app";
    private const string Admin = "kci_admin";

    private readonly string _bin;
    private readonly string _root;
    private readonly ConcurrentQueue<string> _serverLog = new();
    private Process? _server;

    private readonly bool _durable;

    private PostgresServer(string bin, string root, bool durable)
    {
        _bin = bin;
        _root = root;
        _durable = durable;
    }

    /// <summary>Gets the application role's password: a secret of the test configuration (no log line may show it).</summary>
    public string Password { get; } = "pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public int Port { get; private set; }

    public string ServerLog => string.Join('\n', _serverLog);

    private string AdminPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Gets the data directory: its <c>postmaster.pid</c> names the server process.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Gets the application role's connection string to <see cref="Database"/> (short connect timeout, small pool).</summary>
    public string ConnectionString => Connect(Database, Role, Password, pooling: true);

    /// <summary>Gets the superuser's connection string to <see cref="Database"/>, for what a test sets up as a DBA would.</summary>
    public string AdminConnectionString => Connect(Database, Admin, AdminPassword, pooling: false);

    /// <param name="durable">Whether the server syncs as a production one does (the benchmarks); tests leave it off.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("fibrecafe-pg-").FullName;
        var server = new PostgresServer(bin, root, durable);
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m fast</c>): open connections break, new ones are refused.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await RunAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "fast", "-w");
        _server.StandardInput.Close();
        await _server.WaitForExitAsync();
        _server.Dispose();
        _server = null;
    }

    /// <summary>Gets the postmaster's process id, from the first line of <c>postmaster.pid</c>.</summary>
    public int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    public Task StartAgainAsync() => LaunchAsync(Port);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the OS temp cleaner takes what is left.
            }
        }
    }

    private async Task InitializeAsync()
    {
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:postgres", _root);
        }

        var passwordFile = Path.Combine(_root, "admin.pw");
        await File.WriteAllTextAsync(passwordFile, AdminPassword);
        string[] initdb = ["-D", DataDirectory, "-U", Admin, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions"];
        await RunAsync(Path.Combine(_bin, "initdb"), _durable ? initdb : [.. initdb, "--no-sync"]);
        File.Delete(passwordFile);

        // A port is free when chosen, but another process may take it first: choose again a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync(FreePort());
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // try another port
            }
        }

        await using var connection = new NpgsqlConnection(Connect("postgres", Admin, AdminPassword, pooling: false));
        await connection.OpenAsync();
        foreach (var sql in new[] { $"CREATE ROLE {Role} LOGIN PASSWORD '{Password}';", $"CREATE DATABASE {Database} OWNER {Role};" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task LaunchAsync(int port)
    {
        Port = port;
        var start = Start("sh", "-c",
            """
            "$1" -D "$2" -p "$3" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$4" \
              -c fsync="$5" -c synchronous_commit="$5" -c full_page_writes="$5" -c max_connections=200 &
            pid=$!
            cat > /dev/null
            kill -INT "$pid" 2>/dev/null
            wait "$pid"
            """,
            "postgres-watchdog", Path.Combine(_bin, "postgres"), DataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), _root, _durable ? "on" : "off");
        start.RedirectStandardInput = true;
        var server = new Process { StartInfo = start };
        server.ErrorDataReceived += (_, e) => Enqueue(e.Data);
        server.OutputDataReceived += (_, e) => Enqueue(e.Data);
        server.Start();
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        _server = server;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var probe = Connect("postgres", Admin, AdminPassword, pooling: false);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (server.HasExited || DateTime.UtcNow > deadline)
                {
                    server.StandardInput.Close();
                    server.Dispose();
                    _server = null;
                    throw new InvalidOperationException($"PostgreSQL did not start on port {port}:\n{ServerLog}", ex);
                }

                await Task.Delay(50);
            }
        }
    }

    // Durable (the benchmarks): Npgsql's default pool, as a receiver has, and time for a seeding statement of millions of rows.
    private string Connect(string database, string user, string password, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Database = database,
            Username = user,
            Password = password,
            Timeout = _durable ? 15 : 5,
            Pooling = pooling,
        };
        if (_durable)
        {
            builder.CommandTimeout = 600;
        }
        else
        {
            builder.MaxPoolSize = 20;
        }

        return builder.ConnectionString;
    }

    private void Enqueue(string? line)
    {
        if (line is not null)
        {
            _serverLog.Enqueue(line);
        }
    }

    // As root, a command runs as the postgres user (which Debian's postgresql package creates).
    private static ProcessStartInfo Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.IsPrivilegedProcess && file != "chown")
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(Start(file, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static string FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "initdb"))
            .FirstOrDefault(File.Exists);
        var initdb = onPath is not null
            ? new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin", "initdb"))
                    .Where(File.Exists)
                    .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;
        return initdb is not null
            ? Path.GetDirectoryName(initdb)!
            : throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
                "Install them (Debian: apt-get install postgresql; .ci/run does this) and run the tests again.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
