using FibreCafe.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Tests.Infrastructure;

internal static class SqliteTestStore
{
    public static SqliteKciDatabase Database(string path) => new(Options.Create(new SqliteKciStoreOptions { Path = path }));
}
