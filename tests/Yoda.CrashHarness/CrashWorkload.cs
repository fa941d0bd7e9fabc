namespace Yoda.CrashHarness;

/// <summary>
/// What the crash harness does, and what the crash tests check against. Table <c>t</c> is keyed
/// by <c>id</c>; table <c>r</c> replicates by rowid; table <c>writes</c> (not registered) records
/// every committed change of <c>t</c> in the same transaction, so a test knows the full history.
/// </summary>
public static class CrashWorkload
{
    /// <summary>Small segments, so that a short run seals segments and compacts files.</summary>
    public const int SegmentCapacity = 32;

    public const int KeySpace = 120;

    public static HtapConfig Config(string directory, SyncMode mode, StorageMode storage, int syncBatchSize) => new()
    {
        OltpPath = Path.Combine(directory, "crash.db"),
        StorageMode = storage,
        StoragePath = Path.Combine(directory, "olap"),
        SyncMode = mode,
        SyncBatchSize = syncBatchSize,
        OlapSegmentCapacity = SegmentCapacity,
    };

    /// <summary>Creates and registers the tables unless an earlier run did (a run may have died in between).</summary>
    public static async Task PrepareAsync(HtapEngine engine)
    {
        await engine.ExecuteBatchAsync([
            "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL, s TEXT)",
            "CREATE TABLE IF NOT EXISTS r(v INTEGER, s TEXT)",
            "CREATE TABLE IF NOT EXISTS writes(n INTEGER PRIMARY KEY AUTOINCREMENT, id INTEGER NOT NULL, op TEXT NOT NULL, v INTEGER)",
        ]);
        var registered = engine.OlapTables().Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!registered.Contains("t"))
        {
            await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("v", "int64"), ("s", "utf8")], ["id"]));
        }

        if (!registered.Contains("r"))
        {
            await engine.RegisterTableAsync(new TableSchema("r", [("v", "int64"), ("s", "utf8")], []));
        }
    }

    /// <summary>Random writes (each with its audit row, in one transaction) and syncs, forever.</summary>
    public static async Task RunAsync(HtapEngine engine, Random random)
    {
        while (true)
        {
            if (random.Next(4) == 0)
            {
                if (random.Next(3) == 0)
                {
                    while ((await engine.SyncNowAsync()).EventsProcessed > 0)
                    {
                    }
                }
                else
                {
                    await engine.SyncNowAsync();
                }

                continue;
            }

            var statements = new List<string>();
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                statements.AddRange(RandomWrite(random));
            }

            await engine.ExecuteBatchAsync(statements);
        }
    }

    private static IEnumerable<string> RandomWrite(Random random)
    {
        var id = random.Next(KeySpace);
        var v = random.Next(1000);
        var text = random.Next(5) == 0 ? "NULL" : $"'s{v}''x'";
        switch (random.Next(7))
        {
            case 0 or 1 or 2:
                yield return $"INSERT INTO t VALUES ({id}, {v}, {text}) ON CONFLICT DO NOTHING";
                yield return $"INSERT INTO writes(id, op, v) SELECT {id}, 'I', {v} WHERE changes() > 0";
                break;
            case 3 or 4:
                yield return $"UPDATE t SET v = v + {v + 1}, s = {text} WHERE id = {id}";
                yield return $"INSERT INTO writes(id, op, v) SELECT id, 'U', v FROM t WHERE id = {id} AND changes() > 0";
                break;
            case 5:
                yield return $"DELETE FROM t WHERE id = {id}";
                yield return $"INSERT INTO writes(id, op, v) SELECT {id}, 'D', NULL WHERE changes() > 0";
                break;
            default:
                yield return random.Next(3) switch
                {
                    0 => $"INSERT INTO r VALUES ({v}, {text})",
                    1 => $"UPDATE r SET v = v + 1 WHERE rowid % 7 = {v % 7}",
                    _ => $"DELETE FROM r WHERE rowid % 11 = {v % 11}",
                };
                break;
        }
    }
}
