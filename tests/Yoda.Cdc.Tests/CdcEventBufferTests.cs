using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>Reads of the log into a reused <see cref="CdcEventBuffer"/> give what fresh reads give.</summary>
public sealed class CdcEventBufferTests
{
    [Fact]
    public void Reads_into_one_buffer_match_fresh_reads_across_batches_and_a_widened_log()
    {
        using var connection = OpenLog(keys: 1, values: 2);
        for (var i = 1; i <= 3000; i++)
        {
            // Updates and deletes carry an old key; the inserts between them must not show one.
            var op = (i % 3) switch { 0 => "I", 1 => "U", _ => "D" };
            connection.Execute(
                $"INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, k0, v0, v1) VALUES ($t, $op, $i, 1, $k, $i, $text)",
                ("$t", i % 2 == 0 ? "a" : "b"), ("$op", op), ("$i", i), ("$k", op == "I" ? null : i * 10), ("$text", "row " + i));
        }

        var buffer = new CdcEventBuffer();
        foreach (var (after, limit) in new[] { (0L, 2500), (2500L, 1000), (10L, 7), (0L, 3000) })
        {
            Assert.Equal(Render(CdcLogReader.ReadAfter(connection, after, limit)), Render(CdcLogReader.ReadAfter(connection, after, limit, buffer)));
        }

        LogLayout.EnsureWidth(connection, 2, 4);
        connection.Execute($"UPDATE {MetadataSchema.LogTable} SET v3 = seq WHERE seq % 5 = 0");
        Assert.Equal(Render(CdcLogReader.ReadAfter(connection, 100, 3000)), Render(CdcLogReader.ReadAfter(connection, 100, 3000, buffer)));
    }

    private static SqliteConnection OpenLog(int keys, int values)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var statement in MetadataSchema.CreateStatements)
        {
            connection.Execute(statement);
        }

        LogLayout.EnsureWidth(connection, keys, values);
        return connection;
    }

    private static List<string> Render(List<CdcEvent> events) => events
        .Select(e => $"{e.Sequence} {e.Table} {e.Kind} {e.TimestampMicros} {e.SchemaVersion} [{Values(e.OldKey)}] [{Values(e.Row)}]")
        .ToList();

    private static string Values(ReadOnlySpan<StorageValue> values)
    {
        var parts = new List<string>();
        foreach (var value in values)
        {
            parts.Add(value.IsNull ? "null" : value.ToObject()?.ToString() ?? "?");
        }

        return string.Join(",", parts);
    }
}
