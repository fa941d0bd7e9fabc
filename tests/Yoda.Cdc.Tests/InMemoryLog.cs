using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Tests;

/// <summary>An in-memory SQLite database holding the metadata schema and a log one key and one value wide, for tests of the log alone.</summary>
internal sealed class InMemoryLog : IDisposable
{
    public InMemoryLog()
    {
        Connection.Open();
        foreach (var statement in MetadataSchema.CreateStatements)
        {
            Connection.Execute(statement);
        }

        LogLayout.EnsureWidth(Connection, 1, 1);
    }

    public SqliteConnection Connection { get; } = new("Data Source=:memory:");

    /// <summary>Inserts one event of table t per sequence number <paramref name="from"/> .. <paramref name="through"/>.</summary>
    public void Insert(long from, long through)
    {
        for (var seq = from; seq <= through; seq++)
        {
            Connection.Execute(
                $"INSERT INTO {MetadataSchema.LogTable}(seq, table_name, op, ts, schema_version, v0) VALUES ($seq, 't', 'I', 1, 1, $seq)",
                ("$seq", seq));
        }
    }

    public void Dispose() => Connection.Dispose();
}
