namespace Yoda.Core.Tests;

public class TemporalSyncTests
{
    private static async Task<HtapEngine> OpenWithTableAsync()
    {
        var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = SyncMode.Temporal });
        await engine.ExecuteAsync("CREATE TABLE p(id INTEGER PRIMARY KEY, price REAL)");
        await engine.RegisterTableAsync(new TableSchema("p", [("id", "int64"), ("price", "float64")], ["id"]));
        return engine;
    }

    [Fact]
    public async Task History_columns_have_the_documented_types()
    {
        await using var engine = await OpenWithTableAsync();
        var fields = Olap.Schema(engine, "p").FieldsList;
        Assert.Equal(["id", "price", "_yoda_valid_from", "_yoda_valid_to", "_yoda_operation"], fields.Select(f => f.Name));
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.Int64, fields[2].DataType.TypeId);
        Assert.False(fields[2].IsNullable);
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.Int64, fields[3].DataType.TypeId);
        Assert.True(fields[3].IsNullable);
        Assert.Equal(Apache.Arrow.Types.ArrowTypeId.String, fields[4].DataType.TypeId);
    }

    [Fact]
    public async Task Updates_close_versions_and_deletes_leave_tombstones()
    {
        await using var engine = await OpenWithTableAsync();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 - 1000;
        await engine.ExecuteAsync("INSERT INTO p VALUES (1, 10.0), (2, 20.0)");
        await engine.SyncNowAsync();
        await Task.Delay(5);
        await engine.ExecuteAsync("UPDATE p SET price = 11.0 WHERE id = 1");
        await engine.ExecuteAsync("UPDATE p SET price = price WHERE id = 2"); // no change: no version
        await Task.Delay(5);
        await engine.ExecuteAsync("DELETE FROM p WHERE id = 2");
        await Task.Delay(5);
        await engine.ExecuteAsync("INSERT INTO p VALUES (2, 22.0)");          // re-insert: a new version
        var result = await engine.SyncNowAsync();
        Assert.Equal(new SyncResult(4, 1, 1, 1, 4), result);

        var versions = Olap.Rows(engine, "p").OrderBy(r => (long)r[0]!).ThenBy(r => (long)r[2]!).ThenBy(r => (string)r[4]!).ToList();
        Assert.Equal(
            ["1:10:I:closed", "1:11:U:open", "2:20:I:closed", "2:20:D:empty", "2:22:I:open"],
            versions.Select(v => $"{v[0]}:{v[1]}:{v[4]}:{(v[3] is null ? "open" : (long)v[3]! == (long)v[2]! ? "empty" : "closed")}"));

        foreach (var v in versions)
        {
            Assert.True((long)v[2]! >= start);
            Assert.True(v[3] is null || (long)v[3]! >= (long)v[2]!);
        }

        // Half-open intervals chain: each closed version ends where the next one of its key begins.
        var one = versions.Where(v => (long)v[0]! == 1).ToList();
        Assert.Equal(one[0][3], one[1][2]);
        // Exactly one open version per live key, and the current rows equal SQLite's.
        Assert.Equal(2, versions.Count(v => v[3] is null));
        var current = versions.Where(v => v[3] is null).Select(v => $"{v[0]},{v[1]}").Order();
        Assert.Equal(["1,11", "2,22"], current);
    }

    [Fact]
    public async Task A_key_change_closes_the_old_key_and_opens_the_new_one()
    {
        await using var engine = await OpenWithTableAsync();
        await engine.ExecuteAsync("INSERT INTO p VALUES (1, 1.5)");
        await engine.ExecuteAsync("UPDATE p SET id = 7 WHERE id = 1");
        await engine.SyncNowAsync();
        var versions = Olap.Rows(engine, "p").OrderBy(r => (long)r[0]!).ToList();
        Assert.Equal(2, versions.Count);
        Assert.NotNull(versions[0][3]);
        Assert.Equal((7L, "U"), ((long)versions[1][0]!, (string)versions[1][4]!));
        Assert.Null(versions[1][3]);
    }
}

public class PointInTimeTests
{
    [Fact]
    public async Task For_system_time_as_of_returns_the_rows_of_that_moment()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:", SyncMode = SyncMode.Temporal });
        await engine.ExecuteAsync("CREATE TABLE p(id INTEGER PRIMARY KEY, price REAL)");
        await engine.RegisterTableAsync(new TableSchema("p", [("id", "int64"), ("price", "float64")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO p VALUES (1, 10.0), (2, 20.0)");
        await engine.SyncNowAsync();
        await Task.Delay(5);
        var first = (long)Columnar.Storage.ArrowValues.Get((await engine.QueryOlapAsync("SELECT MAX(_yoda_valid_from) FROM p"))[0].Column(0), 0)!;
        await engine.ExecuteAsync("UPDATE p SET price = 11.0 WHERE id = 1");
        await engine.ExecuteAsync("DELETE FROM p WHERE id = 2");
        await engine.SyncNowAsync();

        static string Rows(IReadOnlyList<Apache.Arrow.RecordBatch> batches) => string.Join("|", batches.Select(OltpTests.Render).Where(r => r.Length > 0));
        Assert.Equal("1,10|2,20", Rows(await engine.QueryOlapAsync($"SELECT id, price FROM p FOR SYSTEM_TIME AS OF {first} ORDER BY id")));
        Assert.Equal("1,11", Rows(await engine.QueryOlapAsync("SELECT id, price FROM p FOR SYSTEM_TIME AS OF CURRENT ORDER BY id")));
        Assert.Equal("1,11", Rows(await engine.QueryOlapAsync("SELECT id, price FROM p WHERE _yoda_valid_to IS NULL ORDER BY id")));
        Assert.Equal("", Rows(await engine.QueryOlapAsync($"SELECT id FROM p FOR SYSTEM_TIME AS OF {first - 1_000_000}")));
    }
}
