using Microsoft.Data.Sqlite;

namespace Yoda.Core.Tests;

/// <summary>
/// The log's sequence numbers without AUTOINCREMENT (format 2): never reused once pruned, across
/// restarts, and a format-1 file migrates on open with every event kept.
/// </summary>
public sealed class LogFormatTests
{
    private static readonly TableSchema Table = new("t", [("id", "int64"), ("v", "utf8")], ["id"]);

    [Fact]
    public async Task A_log_pruned_empty_keeps_its_highest_sequence_number_across_restarts()
    {
        using var dir = new TempDirectory();
        var path = dir.File("p.db");
        await using (var engine = await OpenAsync(path))
        {
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            await engine.RegisterTableAsync(Table);
            await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            Assert.Equal(new SyncResult(3, 3, 0, 0, 3), await engine.SyncNowAsync());
            Assert.Equal([(3L, "P")], Log(path));
            Assert.Equal(new SyncResult(0, 0, 0, 0, 0), await engine.SyncNowAsync());
        }

        await using (var engine = await OpenAsync(path))
        {
            await engine.ExecuteAsync("UPDATE t SET v = 'B' WHERE id = 2");
            Assert.Equal([(3L, "P"), (4L, "U")], Log(path));
            Assert.Equal(new SyncResult(1, 0, 1, 0, 1), await engine.SyncNowAsync());
            Assert.Equal([(4L, "P")], Log(path));
            await engine.ExecuteAsync("DELETE FROM t WHERE id = 1");
            await engine.ExecuteAsync("INSERT INTO t VALUES (9, 'z')");
            Assert.Equal(new SyncResult(2, 1, 0, 1, 2), await engine.SyncNowAsync());
            Assert.Equal([(6L, "P")], Log(path));
            Assert.Equal(new SyncStatus(0, 6), (await engine.SyncStatusAsync()).Counts());
            await DestructiveSyncTests.AssertMirrorsAsync(engine, "t", "SELECT id, v FROM t");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_format_1_log_migrates_on_open_with_its_events_and_issued_numbers(bool prunedEmpty)
    {
        using var dir = new TempDirectory();
        var path = dir.File("f1.db");
        await using (var engine = await OpenAsync(path, prune: prunedEmpty))
        {
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            await engine.RegisterTableAsync(Table);
            await engine.ExecuteAsync("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            await engine.SyncNowAsync();
            await engine.ExecuteAsync("UPDATE t SET v = 'x' WHERE id = 1");
            await engine.ExecuteAsync("INSERT INTO t VALUES (3, 'c')");
            if (prunedEmpty)
            {
                await engine.SyncNowAsync();
            }
        }

        RewriteAsFormat1(path, issued: 4);
        var before = Rows(path, "SELECT * FROM _yoda_cdc_log ORDER BY seq");
        Assert.Equal(prunedEmpty ? 0 : 4, before.Count);

        await using (var engine = await OpenAsync(path, prune: prunedEmpty))
        {
            Assert.Equal(2L, Rows(path, "SELECT value FROM _yoda_state WHERE key = 'format_version'").Single()[0]);
            Assert.DoesNotContain("AUTOINCREMENT", (string)Rows(path, "SELECT sql FROM sqlite_schema WHERE name = '_yoda_cdc_log'").Single()[0]!);
            Assert.Equal(before, Rows(path, "SELECT * FROM _yoda_cdc_log WHERE op <> 'P' ORDER BY seq"));
            await engine.ExecuteAsync("INSERT INTO t VALUES (4, 'd')");
            Assert.Equal(5L, Log(path).Max(e => e.Sequence));
            await engine.SyncNowAsync();
            await DestructiveSyncTests.AssertMirrorsAsync(engine, "t", "SELECT id, v FROM t");
        }
    }

    private static Task<HtapEngine> OpenAsync(string path, bool prune = true) =>
        HtapEngine.OpenAsync(new HtapConfig { OltpPath = path, PruneAfterSync = prune });

    private static List<(long Sequence, string Op)> Log(string path) =>
        Rows(path, "SELECT seq, op FROM _yoda_cdc_log ORDER BY seq").Select(r => ((long)r[0]!, (string)r[1]!)).ToList();

    /// <summary>The log as format 1 defined it (AUTOINCREMENT, the issued number in sqlite_sequence), with the same events.</summary>
    private static void RewriteAsFormat1(string path, long issued)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            BEGIN;
            PRAGMA legacy_alter_table = ON;
            ALTER TABLE _yoda_cdc_log RENAME TO format2;
            CREATE TABLE _yoda_cdc_log(
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              table_name TEXT NOT NULL,
              op TEXT NOT NULL,
              ts INTEGER NOT NULL,
              schema_version INTEGER NOT NULL);
            ALTER TABLE _yoda_cdc_log ADD COLUMN k0;
            ALTER TABLE _yoda_cdc_log ADD COLUMN v0;
            ALTER TABLE _yoda_cdc_log ADD COLUMN v1;
            INSERT INTO _yoda_cdc_log SELECT * FROM format2 WHERE op <> 'P';
            DROP TABLE format2;
            DELETE FROM sqlite_sequence;
            INSERT INTO sqlite_sequence(name, seq) VALUES ('_yoda_cdc_log', {issued});
            UPDATE _yoda_state SET value = 1 WHERE key = 'format_version';
            COMMIT;
            """;
        command.ExecuteNonQuery();
    }

    private static List<object?[]> Rows(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }
}
