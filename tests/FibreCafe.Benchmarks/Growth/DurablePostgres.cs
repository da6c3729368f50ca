using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// A throw-away PostgreSQL server for the growth figures, started as the tests' <c>PostgresServer</c> starts one (a new
/// cluster in a temporary folder, 127.0.0.1 on a free port, scram-sha-256, as the <c>postgres</c> user when root, a
/// watchdog shell that stops it when this process goes) but <b>durable, as in production</b>: <c>fsync=on</c>,
/// <c>synchronous_commit=on</c>, <c>full_page_writes=on</c>; every other setting is the server's default. The tests'
/// helper turns durability off for speed, and it lives outside the benchmark project, so this is its own copy.
/// </summary>
internal sealed class DurablePostgres : IAsyncDisposable
{
    public const string Database = "kci";
    private const string Role = "kci_app";
    private const string Admin = "kci_admin";

    private readonly string _bin;
    private readonly string _root;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _watchdog;

    private DurablePostgres(string bin, string root)
    {
        _bin = bin;
        _root = root;
    }

    public int Port { get; private set; }

    /// <summary>Gets the data directory: its <c>postmaster.pid</c> names the server process.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Gets the application role's connection string (Npgsql's default pool): never printed, it holds a password.</summary>
    public string ConnectionString => Connect(Database, Role, RolePassword, pooling: true);

    /// <summary>Gets the superuser's, for what a DBA would read (<c>pg_stat_wal</c>, settings).</summary>
    public string AdminConnectionString => Connect(Database, Admin, AdminPassword, pooling: false);

    private string RolePassword { get; } = "pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private string AdminPassword { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public static async Task<DurablePostgres> StartAsync()
    {
        var bin = FindBinaries();
        var server = new DurablePostgres(bin, Directory.CreateTempSubdirectory("fibrecafe-pg-growth-").FullName);
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

    /// <summary>Gets the postmaster's process id, from the first line of <c>postmaster.pid</c>.</summary>
    public int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_watchdog is { } watchdog)
        {
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "fast", "-w");
            }
            catch (InvalidOperationException)
            {
                // already stopped: the watchdog's end of the pipe still closes below
            }

            watchdog.StandardInput.Close();
            await watchdog.WaitForExitAsync();
            watchdog.Dispose();
            _watchdog = null;
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the OS temp cleaner takes what is left
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
        await RunAsync(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", Admin, "--pwfile=" + passwordFile,
            "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions");
        File.Delete(passwordFile);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync(FreePort());
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // the free port was taken meanwhile: another one
            }
        }

        await using var connection = new NpgsqlConnection(Connect("postgres", Admin, AdminPassword, pooling: false));
        await connection.OpenAsync();
        foreach (var sql in new[] { $"CREATE ROLE {Role} LOGIN PASSWORD '{RolePassword}';", $"CREATE DATABASE {Database} OWNER {Role};" })
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
              -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=200 &
            pid=$!
            cat > /dev/null
            kill -INT "$pid" 2>/dev/null
            wait "$pid"
            """,
            "postgres-watchdog", Path.Combine(_bin, "postgres"), DataDirectory, port.ToString(CultureInfo.InvariantCulture), _root);
        start.RedirectStandardInput = true;
        var watchdog = new Process { StartInfo = start };
        watchdog.ErrorDataReceived += (_, e) => Keep(e.Data);
        watchdog.OutputDataReceived += (_, e) => Keep(e.Data);
        watchdog.Start();
        watchdog.BeginErrorReadLine();
        watchdog.BeginOutputReadLine();
        _watchdog = watchdog;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = new NpgsqlConnection(Connect("postgres", Admin, AdminPassword, pooling: false));
                await probe.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (watchdog.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    watchdog.StandardInput.Close();
                    watchdog.Dispose();
                    _watchdog = null;
                    throw new InvalidOperationException($"PostgreSQL did not start on port {port}:\n{string.Join('\n', _log)}", ex);
                }

                await Task.Delay(50);
            }
        }
    }

    private string Connect(string database, string user, string password, bool pooling) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = user,
        Password = password,
        Timeout = 15,
        CommandTimeout = 600, // seeding 3,000,000 rows is one statement
        Pooling = pooling,
    }.ConnectionString;

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < 500)
        {
            _log.Enqueue(line);
        }
    }

    private static ProcessStartInfo Start(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.IsPrivilegedProcess && file != "chown")
        {
            start.FileName = "runuser"; // initdb and postgres refuse to run as root
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
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private static string FindBinaries()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            folders.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }

        var initdb = folders.Select(d => Path.Combine(d, "initdb")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin.");
        return Path.GetDirectoryName(new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
