namespace Yoda.Core.Tests.Persistence;

/// <summary>File storage modes: what survives a reopen, and what the engine refuses to load.</summary>
// ColumnarOnly: the columnar backend's Arrow IPC / Parquet files (with DuckDB, StoragePath is the DuckDB file: DuckDbBackendTests).
[Trait("Backend", "ColumnarOnly")]
public class DurableStorageTests
{
    internal static HtapConfig Config(TempDirectory dir, StorageMode storage, SyncMode mode = SyncMode.Destructive, int segmentCapacity = 8) => new()
    {
        OltpPath = dir.File("d.db"),
        StorageMode = storage,
        StoragePath = dir.File("olap"),
        SyncMode = mode,
        OlapSegmentCapacity = segmentCapacity,
    };

    internal static async Task CreateTablesAsync(HtapEngine engine)
    {
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score REAL, flag BOOLEAN, data BLOB, small INTEGER)");
        await engine.RegisterTableAsync(new TableSchema(
            "t",
            [("id", "int64"), ("name", "utf8"), ("score", "float64"), ("flag", "bool"), ("data", "binary"), ("small", "int8")],
            ["id"]));
        await engine.ExecuteAsync("CREATE TABLE r(v INTEGER, h REAL)");
        await engine.RegisterTableAsync(new TableSchema("r", [("v", "uint32"), ("h", "float16")], []));
    }

    internal static async Task WriteSomeAsync(HtapEngine engine, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            await engine.ExecuteAsync(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)",
                [i, i % 5 == 0 ? null : $"n{i}'é", i * 0.5, i % 2, i % 3 == 0 ? null : new byte[] { (byte)i, 0 }, i % 100 - 50]);
            await engine.ExecuteAsync("INSERT INTO r VALUES (?, ?)", [i, i % 4 == 0 ? null : i / 4.0]);
        }

        await engine.ExecuteAsync("UPDATE t SET name = 'updated' WHERE id % 7 = 1");
        await engine.ExecuteAsync("DELETE FROM t WHERE id % 6 = 2");
        await engine.ExecuteAsync("DELETE FROM r WHERE v % 5 = 3");
        await engine.ExecuteAsync("UPDATE r SET v = v + 1000 WHERE v % 9 = 4");
    }

    internal static async Task SyncAllAsync(HtapEngine engine)
    {
        while ((await engine.SyncNowAsync()).EventsProcessed > 0)
        {
        }
    }

    internal static List<string> Rows(HtapEngine engine, string table) =>
        Olap.Rows(engine, table).Select(r => string.Join("|", r.Select(Render))).Order(StringComparer.Ordinal).ToList();

    private static string Render(object? value) => value switch
    {
        null => "NULL",
        byte[] b => Convert.ToHexString(b),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    [Theory]
    [InlineData(StorageMode.ArrowIpc, SyncMode.Destructive)]
    [InlineData(StorageMode.Parquet, SyncMode.Destructive)]
    [InlineData(StorageMode.ArrowIpc, SyncMode.Temporal)]
    [InlineData(StorageMode.Parquet, SyncMode.Temporal)]
    public async Task Reopening_loads_the_tables_and_their_history_from_the_files(StorageMode storage, SyncMode mode)
    {
        using var dir = new TempDirectory();
        List<string> t, r;
        long? watermark;
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, storage, mode)))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 30);
            await SyncAllAsync(engine);
            (t, r) = (Rows(engine, "t"), Rows(engine, "r"));
            watermark = (await engine.SyncStatusAsync()).LastSyncedSeq;
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, storage, mode)))
        {
            // Temporal versions keep their timestamps: a rebuild from SQLite would have made new ones.
            Assert.Equal(t, Rows(engine, "t"));
            Assert.Equal(r, Rows(engine, "r"));
            Assert.Equal(watermark, (await engine.SyncStatusAsync()).LastSyncedSeq);

            // The key index came back too: changes to restored rows apply to them.
            await WriteSomeAsync(engine, 30, 10);
            await engine.ExecuteAsync("UPDATE t SET score = -1 WHERE id < 10");
            await engine.ExecuteAsync("DELETE FROM r WHERE v < 5");
            await SyncAllAsync(engine);
            await AssertCurrentMatchesSqliteAsync(engine, mode);
        }
    }

    [Fact]
    public async Task Reopening_continues_from_the_stored_watermark_instead_of_reading_sqlite()
    {
        using var dir = new TempDirectory();
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet)))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 5);
            await SyncAllAsync(engine);
            await engine.ExecuteAsync("INSERT INTO t(id, name) VALUES (100, 'not synced')");
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet)))
        {
            Assert.DoesNotContain(Rows(engine, "t"), row => row.Contains("not synced"));
            Assert.Equal(1, (await engine.SyncStatusAsync()).Lag);
            Assert.Equal(1, (await engine.SyncNowAsync()).RowsInserted);
            Assert.Contains(Rows(engine, "t"), row => row.Contains("not synced"));
        }
    }

    [Fact]
    public async Task A_cycle_that_cannot_be_persisted_fails_and_keeps_its_events_in_the_log()
    {
        using var dir = new TempDirectory();
        await using var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc));
        await CreateTablesAsync(engine);
        await WriteSomeAsync(engine, 0, 3);
        await SyncAllAsync(engine);

        // A file where the table's directory was: no new file can be written there.
        var tableDirectory = Directory.GetDirectories(dir.File("olap"), "t*-t").Single();
        Directory.Move(tableDirectory, tableDirectory + ".away");
        await File.WriteAllTextAsync(tableDirectory, "in the way");
        await engine.ExecuteAsync("INSERT INTO t(id, name) VALUES (500, 'pending')");
        var error = await Assert.ThrowsAsync<YodaException>(() => engine.SyncNowAsync());
        Assert.Contains("previous state stays", error.Message);
        Assert.Equal(1L, (await engine.QueryOltpAsync("SELECT COUNT(*) FROM _yoda_cdc_log WHERE op <> 'P'")).Single().Column(0) is Apache.Arrow.Int64Array a ? a.GetValue(0) : null);

        File.Delete(tableDirectory);
        Directory.Move(tableDirectory + ".away", tableDirectory);
        await engine.ExecuteAsync("INSERT INTO t(id, name) VALUES (501, 'later')");
        await SyncAllAsync(engine);
        Assert.Equal((await engine.SyncStatusAsync()).LastSyncedSeq, engine.OlapStorage()!.DurableWatermark);
        await engine.DisposeAsync();

        await using var reopened = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc));
        Assert.Contains(Rows(reopened, "t"), row => row.Contains("pending"));
        Assert.Contains(Rows(reopened, "t"), row => row.Contains("later"));
    }

    [Fact]
    public async Task Small_cycles_keep_the_file_count_per_table_bounded()
    {
        using var dir = new TempDirectory();
        await using var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc, segmentCapacity: 256));
        await engine.ExecuteAsync("CREATE TABLE k(id INTEGER PRIMARY KEY, v INTEGER)");
        await engine.RegisterTableAsync(new TableSchema("k", [("id", "int64"), ("v", "int64")], ["id"]));
        var most = 0;
        for (var i = 0; i < 300; i++)
        {
            await engine.ExecuteAsync("INSERT INTO k VALUES (?, ?)", [i, i]);
            await engine.SyncNowAsync();
            most = Math.Max(most, engine.OlapStorage()!.MaxFilesPerTable);
        }

        // One file for the sealed segment; the open one has at most log2(256) + 1 chunk files.
        Assert.InRange(most, 1, 9);
        // 300 rows: one file for the sealed segment of 256, at most log2(44) + 1 chunks for the other 44.
        var files = engine.OlapStorage()!.FileCount;
        Assert.InRange(files, 2, 1 + 6);
        Assert.Equal(files, Directory.GetFiles(dir.File("olap"), "*.arrow", SearchOption.AllDirectories).Length);
    }

    [Theory]
    [InlineData(StorageMode.ArrowIpc)]
    [InlineData(StorageMode.Parquet)]
    public async Task Column_changes_and_dropped_tables_persist(StorageMode storage)
    {
        using var dir = new TempDirectory();
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, storage)))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 10);
            await SyncAllAsync(engine);
            await engine.AddColumnAsync("t", "extra", "int32");
            await engine.ExecuteAsync("UPDATE t SET extra = id * 2 WHERE id < 4");
            await engine.DropColumnAsync("t", "data");
            await SyncAllAsync(engine);
            await engine.ExecuteAsync("DROP TABLE r");
            await engine.QueryAsync("SELECT COUNT(*) FROM t");
        }

        Assert.Single(Directory.GetDirectories(dir.File("olap")));
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, storage)))
        {
            Assert.Equal(["id", "name", "score", "flag", "small", "extra"], Olap.Schema(engine, "t").FieldsList.Select(f => f.Name));
            Assert.DoesNotContain(engine.OlapTables(), t => t.Name == "r");
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        }
    }

    [Fact]
    public async Task An_initial_sync_survives_a_reopen_without_applying_its_events_twice()
    {
        using var dir = new TempDirectory();
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet, SyncMode.Temporal)))
        {
            await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            await engine.ExecuteBatchAsync(Enumerable.Range(0, 20).Select(i => $"INSERT INTO t VALUES ({i}, {i})"));
            await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "int64")], ["id"]));
            await engine.ExecuteAsync("UPDATE t SET v = v + 100 WHERE id < 5");
            Assert.Equal(20, await engine.InitialSyncAsync("t"));
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet, SyncMode.Temporal)))
        {
            await SyncAllAsync(engine);
            // The update was in the initial snapshot: replaying its event would add five versions.
            Assert.Equal(20, Olap.Rows(engine, "t").Count);
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Temporal);
        }
    }

    [Fact]
    public async Task The_first_open_of_a_storage_directory_loads_existing_tables_from_sqlite()
    {
        using var dir = new TempDirectory();
        await using (var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = dir.File("d.db") }))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 12);
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc)))
        {
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc)))
        {
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        }
    }

    [Fact]
    public async Task Storage_ahead_of_every_event_sqlite_has_logged_is_reconciled_with_sqlite()
    {
        // The SQLite file is restored from a backup older than the storage: its log will issue
        // again sequence numbers the storage has applied, so continuing would lose those events.
        using var dir = new TempDirectory();
        var backup = dir.File("backup.db");
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc)))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 5);
            await SyncAllAsync(engine);
        }

        CopyDatabase(dir.File("d.db"), backup);
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc)))
        {
            await WriteSomeAsync(engine, 5, 20);
            await SyncAllAsync(engine);
        }

        CopyDatabase(backup, dir.File("d.db"));
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.ArrowIpc)))
        {
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
            await engine.ExecuteAsync("INSERT INTO t(id, name) VALUES (1000, 'after the restore')");
            await SyncAllAsync(engine);
            Assert.Contains(Rows(engine, "t"), row => row.Contains("after the restore"));
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Destructive);
        }
    }

    /// <summary>A closed SQLite database with its WAL, if one was left; stale WAL files at the target go.</summary>
    private static void CopyDatabase(string from, string to)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(to + suffix);
            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix);
            }
        }
    }

    [Fact]
    public async Task Tables_stored_in_the_other_sync_mode_are_loaded_afresh_from_sqlite()
    {
        using var dir = new TempDirectory();
        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet)))
        {
            await CreateTablesAsync(engine);
            await WriteSomeAsync(engine, 0, 10);
            await SyncAllAsync(engine);
        }

        await using (var engine = await HtapEngine.OpenAsync(Config(dir, StorageMode.Parquet, SyncMode.Temporal)))
        {
            Assert.Contains("_yoda_valid_to", Olap.Schema(engine, "t").FieldsList.Select(f => f.Name));
            await AssertCurrentMatchesSqliteAsync(engine, SyncMode.Temporal);
        }
    }

    [Fact]
    public async Task Storage_needs_a_sqlite_file()
    {
        using var dir = new TempDirectory();
        var config = new HtapConfig { OltpPath = ":memory:", StorageMode = StorageMode.Parquet, StoragePath = dir.File("olap") };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => HtapEngine.OpenAsync(config));
        Assert.Contains("OltpPath", error.Message);
        Assert.False(Directory.Exists(dir.File("olap")));
    }

    /// <summary>OLAP's current rows (in temporal mode: the open versions) equal SQLite's, for t and r.</summary>
    internal static async Task AssertCurrentMatchesSqliteAsync(HtapEngine engine, SyncMode mode)
    {
        foreach (var table in new[] { "t", "r" })
        {
            if (!engine.OlapTables().Any(x => x.Name == table))
            {
                continue;
            }

            var userColumns = Olap.Schema(engine, table).FieldsList.Select(f => f.Name).Where(n => !n.StartsWith("_yoda_", StringComparison.Ordinal)).ToList();
            var expected = (await engine.QueryOltpAsync($"SELECT {string.Join(", ", userColumns)} FROM {table}"))
                .SelectMany(b => OltpTests.Render(b).Split('|', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal).ToList();
            var filter = mode == SyncMode.Temporal ? " WHERE _yoda_valid_to IS NULL" : "";
            var actual = (await engine.QueryOlapAsync($"SELECT {string.Join(", ", userColumns)} FROM {table}{filter}"))
                .SelectMany(b => OltpTests.Render(b).Split('|', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
        }
    }
}
