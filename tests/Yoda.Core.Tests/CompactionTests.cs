using Yoda.Core.Tests.Persistence;

namespace Yoda.Core.Tests;

/// <summary>Compaction through the public API: after sync cycles, on request, across reopen, in both sync modes.</summary>
// ColumnarOnly: compaction rewrites the columnar backend's segments (CompactAsync is not supported with DuckDB).
[Trait("Backend", "ColumnarOnly")]
public class CompactionTests
{
    /// <summary>Compaction in the cycles by default here, so a test knows what each cycle compacted.</summary>
    private static HtapConfig Config(SyncMode mode, double threshold = 0.5, int perCycle = 4, bool inBackground = false) => new()
    {
        OltpPath = ":memory:",
        SyncMode = mode,
        OlapSegmentCapacity = 8,
        CompactionThreshold = threshold,
        CompactionSegmentsPerCycle = perCycle,
        CompactionInBackground = inBackground,
    };

    private static async Task<HtapEngine> OpenWithRowsAsync(HtapConfig config, int rows = 64)
    {
        var engine = await HtapEngine.OpenAsync(config);
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("name", "utf8"), ("score", "float64")], ["id"]));
        await engine.ExecuteAsync($"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {rows - 1}) INSERT INTO t SELECT i, 'n' || i, i * 0.5 FROM n");
        await DurableStorageTests.SyncAllAsync(engine);
        return engine;
    }

    /// <summary>Updates, deletes and inserts that reach rows whose keys compaction moved, synced, then OLAP against SQLite.</summary>
    private static async Task ChangeRowsOfCompactedSegmentsAndCompareAsync(HtapEngine engine, SyncMode mode)
    {
        await engine.ExecuteAsync("UPDATE t SET score = -id WHERE id % 8 = 3 OR id > 60");
        await engine.ExecuteAsync("DELETE FROM t WHERE id IN (11, 19, 44)");
        await engine.ExecuteAsync("INSERT INTO t VALUES (100, 'new', 1.5)");
        await DurableStorageTests.SyncAllAsync(engine);
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);
    }

    private static OlapTableInfo Info(HtapEngine engine) => engine.OlapTables().Single(t => t.Name == "t");

    [Theory]
    [InlineData(SyncMode.Destructive)]
    [InlineData(SyncMode.Temporal)]
    public async Task Cycles_compact_mostly_deleted_segments_and_later_changes_reach_the_right_rows(SyncMode mode)
    {
        await using var engine = await OpenWithRowsAsync(Config(mode));
        await engine.ExecuteAsync("DELETE FROM t WHERE id < 40 AND id % 8 <> 3");
        await engine.ExecuteAsync("UPDATE t SET name = 'u' || id WHERE id % 8 = 3");

        await DurableStorageTests.SyncAllAsync(engine);

        // Segments 0-4 lost all their rows (35 deleted, 5 updated away): emptied, four in the cycle and
        // the last by the empty cycle after it. Segments 5-7 lost one row each: left alone. In temporal
        // mode the versions closed over are history rows, appended, and never compacted away.
        var info = Info(engine);
        Assert.True(engine.OlapCatalog.TryGetTable("t", out var snapshot));
        Assert.Equal([0, 0, 0, 0, 0, 8, 8, 8], snapshot.Segments.Take(8).Select(s => s.RowCount));
        Assert.Equal(info.StoredRows - 3, info.LiveRows);
        if (mode == SyncMode.Destructive)
        {
            Assert.Equal(24 + 8, info.StoredRows);
        }

        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);

        await ChangeRowsOfCompactedSegmentsAndCompareAsync(engine, mode);
    }

    [Theory]
    [InlineData(SyncMode.Destructive)]
    [InlineData(SyncMode.Temporal)]
    public async Task In_the_background_every_qualifying_segment_is_compacted_and_later_changes_reach_the_right_rows(SyncMode mode)
    {
        // One segment a round: the rounds go on by themselves after the one cycle that started them.
        await using var engine = await OpenWithRowsAsync(Config(mode, perCycle: 1, inBackground: true));
        await engine.ExecuteAsync("DELETE FROM t WHERE id < 40 AND id % 8 <> 3");
        await engine.ExecuteAsync("UPDATE t SET name = 'u' || id WHERE id % 8 = 3");
        Assert.Equal(35 + 8, (await engine.SyncNowAsync()).EventsProcessed);

        await WaitUntilAsync(engine, s => s.Segments.Take(5).All(segment => segment.RowCount == 0));
        Assert.True(engine.BackgroundCompactionRounds.Published >= 5, "one segment a round");
        Assert.True(engine.OlapCatalog.TryGetTable("t", out var snapshot));
        Assert.Equal([8, 8, 8], snapshot.Segments.Skip(5).Take(3).Select(s => s.RowCount));
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);

        await ChangeRowsOfCompactedSegmentsAndCompareAsync(engine, mode);
    }

    [Fact]
    public async Task Background_compaction_while_cycles_change_the_same_segments_loses_and_duplicates_nothing()
    {
        await using var engine = await OpenWithRowsAsync(Config(SyncMode.Destructive, threshold: 0.25, perCycle: 2, inBackground: true), rows: 512);
        for (var round = 0; round < 40; round++)
        {
            // Rows of the same sealed segments change cycle after cycle, so some background copies go stale.
            await engine.ExecuteAsync($"UPDATE t SET score = score + 1 WHERE id % 7 = {round % 7}");
            await engine.ExecuteAsync($"DELETE FROM t WHERE id % 41 = {round}");
            await engine.ExecuteAsync($"INSERT INTO t VALUES ({1000 + round}, 'r{round}', {round})");
            await engine.SyncNowAsync();
        }

        await DurableStorageTests.SyncAllAsync(engine);
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        await WaitUntilAsync(engine, s => s.Segments.SkipLast(1).All(segment => segment.Deleted is null || segment.Deleted.DeletedCount < 0.25 * segment.RowCount));
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        Assert.Null((await engine.SyncStatusAsync()).LastError);
        var (published, stale) = engine.BackgroundCompactionRounds;
        Assert.True(published > 0, $"{published} background rounds published, {stale} stale");
    }

    /// <summary>Waits (up to 30 s) until the snapshot queries see of table t satisfies <paramref name="done"/>, else fails.</summary>
    private static async Task WaitUntilAsync(HtapEngine engine, Func<Columnar.Storage.TableSnapshot, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(engine.OlapCatalog.TryGetTable("t", out var snapshot) && done(snapshot)))
        {
            Assert.True(DateTime.UtcNow < deadline, "background compaction did not finish within 30 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task With_the_threshold_at_zero_cycles_leave_deleted_rows_and_CompactAsync_drops_them()
    {
        await using var engine = await OpenWithRowsAsync(Config(SyncMode.Destructive, threshold: 0));
        await engine.ExecuteAsync("DELETE FROM t WHERE id < 20");
        await DurableStorageTests.SyncAllAsync(engine);
        var before = Info(engine);
        Assert.Equal((64L, 8), (before.StoredRows, before.Segments));

        Assert.Equal(new CompactionResult(3, 20), await engine.CompactAsync());

        var after = Info(engine);
        Assert.Equal((44L, 44L, 8), (after.StoredRows, after.LiveRows, after.Segments));
        Assert.True(after.Bytes < before.Bytes * 0.8, $"{after.Bytes} bytes after compaction, {before.Bytes} before");
        await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        Assert.Equal(new CompactionResult(0, 0), await engine.CompactAsync());

        // Filters the zone maps of the rewritten segments prune (or not) give SQLite's answers.
        foreach (var filter in new[] { "id BETWEEN 15 AND 30", "id < 20", "id = 19", "id >= 20 AND id < 24", "name > 'n2'" })
        {
            var sql = $"SELECT count(*), sum(score), min(id), max(id) FROM t WHERE {filter}";
            Assert.Equal(OltpTests.Render((await engine.QueryOltpAsync(sql)).Single()), OltpTests.Render((await engine.QueryOlapAsync(sql)).Single()));
        }
    }

    [Fact]
    public async Task A_cycle_compacts_at_most_its_budget_and_the_next_cycles_go_on()
    {
        await using var engine = await OpenWithRowsAsync(Config(SyncMode.Destructive, perCycle: 1));
        await engine.ExecuteAsync("DELETE FROM t WHERE id < 24");

        await engine.SyncNowAsync();
        Assert.Equal(64 - 8, Info(engine).StoredRows);
        await engine.SyncNowAsync();
        await engine.SyncNowAsync();
        await engine.SyncNowAsync();
        Assert.Equal(64 - 24, Info(engine).StoredRows);
    }

    [Fact]
    public async Task Point_in_time_results_are_the_same_before_and_after_compaction()
    {
        await using var engine = await OpenWithRowsAsync(Config(SyncMode.Temporal, threshold: 0), rows: 40);
        string[] changes =
        [
            "UPDATE t SET score = score + 100 WHERE id % 3 = 0",
            "DELETE FROM t WHERE id BETWEEN 5 AND 17",
            "UPDATE t SET name = 'again' WHERE id % 3 = 0 OR id > 30",
            "INSERT INTO t VALUES (7, 'back', 7.0)",
            "DELETE FROM t WHERE id > 35",
        ];
        foreach (var change in changes)
        {
            await Task.Delay(2);
            await engine.ExecuteAsync(change);
            await engine.SyncNowAsync();
        }

        var moments = (await engine.QueryOlapAsync("SELECT DISTINCT _yoda_valid_from FROM t UNION SELECT _yoda_valid_to FROM t WHERE _yoda_valid_to IS NOT NULL"))
            .SelectMany(b => Enumerable.Range(0, b.Length).Select(r => (long)Columnar.Storage.ArrowValues.Get(b.Column(0), r)!))
            .SelectMany(m => new[] { m - 1, m })
            .Append(long.MaxValue)
            .Order()
            .ToList();
        Assert.True(moments.Count > 8);

        async Task<List<string>> AsOfAll()
        {
            var results = new List<string>();
            foreach (var moment in moments)
            {
                var batches = await engine.QueryOlapAsync($"SELECT id, name, score FROM t FOR SYSTEM_TIME AS OF {moment} ORDER BY id");
                results.Add(string.Join("|", batches.Select(OltpTests.Render)));
            }

            results.Add(string.Join("|", (await engine.QueryOlapAsync("SELECT id, name, score, _yoda_valid_from, _yoda_valid_to FROM t ORDER BY 4, 1")).Select(OltpTests.Render)));
            return results;
        }

        var before = await AsOfAll();
        var stored = Info(engine).StoredRows;

        var result = await engine.CompactAsync();

        Assert.True(result.SegmentsCompacted > 0);
        Assert.Equal(stored - result.RowsRemoved, Info(engine).StoredRows);
        Assert.True(engine.OlapCatalog.TryGetTable("t", out var snapshot));
        Assert.All(snapshot.Segments.SkipLast(1), s => Assert.Null(s.Deleted));
        Assert.Equal(before, await AsOfAll());
    }

    [Theory]
    [InlineData(StorageMode.ArrowIpc, SyncMode.Destructive)]
    [InlineData(StorageMode.Parquet, SyncMode.Destructive)]
    [InlineData(StorageMode.ArrowIpc, SyncMode.Temporal)]
    [InlineData(StorageMode.Parquet, SyncMode.Temporal)]
    public async Task A_compacted_table_reopens_with_the_same_rows_and_its_keys(StorageMode storage, SyncMode mode)
    {
        using var dir = new TempDirectory();
        List<string> t, r;
        OlapTableInfo info;
        await using (var engine = await HtapEngine.OpenAsync(DurableStorageTests.Config(dir, storage, mode)))
        {
            await DurableStorageTests.CreateTablesAsync(engine);
            await DurableStorageTests.WriteSomeAsync(engine, 0, 60);
            await engine.ExecuteAsync("DELETE FROM t WHERE id BETWEEN 10 AND 45 AND id % 4 <> 0");
            await DurableStorageTests.SyncAllAsync(engine);
            var storedBytes = engine.OlapStorage()!.StoredBytes;

            Assert.True((await engine.CompactAsync()).SegmentsCompacted > 0);

            Assert.True(engine.OlapStorage()!.StoredBytes < storedBytes, "the replaced files are dropped");
            (t, r, info) = (DurableStorageTests.Rows(engine, "t"), DurableStorageTests.Rows(engine, "r"), Info(engine));
        }

        await using (var engine = await HtapEngine.OpenAsync(DurableStorageTests.Config(dir, storage, mode)))
        {
            Assert.Equal(t, DurableStorageTests.Rows(engine, "t"));
            Assert.Equal(r, DurableStorageTests.Rows(engine, "r"));
            Assert.Equal((info.LiveRows, info.StoredRows, info.Segments), (Info(engine).LiveRows, Info(engine).StoredRows, Info(engine).Segments));

            await DurableStorageTests.WriteSomeAsync(engine, 60, 10);
            await engine.ExecuteAsync("UPDATE t SET score = -1 WHERE id < 50");
            await engine.ExecuteAsync("DELETE FROM r WHERE v < 30");
            await DurableStorageTests.SyncAllAsync(engine);
            await DurableStorageTests.AssertCurrentMatchesSqliteAsync(engine, mode);
        }
    }

    [Fact]
    public void The_compaction_options_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { CompactionThreshold = -0.1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { CompactionThreshold = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { CompactionThreshold = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { CompactionSegmentsPerCycle = 0 });
        Assert.Equal((0.5, 4), (new HtapConfig().CompactionThreshold, new HtapConfig().CompactionSegmentsPerCycle));
    }

    [Fact]
    public async Task CompactAsync_is_not_supported_with_the_duckdb_backend()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", OlapBackend = OlapBackend.DuckDb });
        Assert.Contains("not supported yet", (await Assert.ThrowsAsync<YodaException>(() => engine.CompactAsync())).Message);
    }
}
