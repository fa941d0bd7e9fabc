using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Tests;

/// <summary>One statement read in blocks gives the events one read gives, in order, and stops at its bound and limit.</summary>
public sealed class CdcLogCursorTests
{
    [Theory]
    [InlineData(1, 1000, long.MaxValue)]
    [InlineData(7, 1000, long.MaxValue)]
    [InlineData(64, 150, long.MaxValue)]
    [InlineData(64, 1000, 333)]
    [InlineData(2000, 1000, 500)]
    public void Blocks_of_one_cursor_join_into_what_one_read_gives(int blockEvents, int limit, long through)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var statement in MetadataSchema.CreateStatements)
        {
            connection.Execute(statement);
        }

        LogLayout.EnsureWidth(connection, 1, 2);
        for (var i = 1; i <= 600; i++)
        {
            var op = (i % 3) switch { 0 => "I", 1 => "U", _ => "D" };
            connection.Execute(
                $"INSERT INTO {MetadataSchema.LogTable}(table_name, op, ts, schema_version, k0, v0, v1) VALUES ($t, $op, $i, 1, $k, $i, $text)",
                ("$t", i % 2 == 0 ? "a" : "b"), ("$op", op), ("$i", i), ("$k", op == "I" ? null : i * 10), ("$text", "row " + i));
        }

        var expected = Render(CdcLogReader.ReadAfter(connection, 20, limit, new CdcEventBuffer(), through));
        var blocks = new List<string>();
        var buffer = new CdcEventBuffer();
        using (var cursor = new CdcLogCursor(connection, 20, limit, through))
        {
            while (cursor.ReadInto(buffer, blockEvents) is { Count: > 0 } events)
            {
                Assert.True(events.Count <= blockEvents);
                blocks.AddRange(Render(events));
            }
        }

        Assert.Equal(Math.Min(limit, Math.Min(through, 600) - 20), expected.Count);
        Assert.Equal(expected, blocks);
    }

    private static List<string> Render(List<CdcEvent> events) => events
        .Select(e => $"{e.Sequence} {e.Table} {e.Kind} {e.TimestampMicros} [{string.Join(",", e.OldKey.ToArray().Select(v => v.ToObject()))}] [{string.Join(",", e.Row.ToArray().Select(v => v.ToObject()))}]")
        .ToList();
}
