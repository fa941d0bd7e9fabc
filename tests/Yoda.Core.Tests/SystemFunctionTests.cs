using Apache.Arrow;

namespace Yoda.Core.Tests;

/// <summary>sqlite_version() and a column mixing BLOBs with other classes, through the public API: the OLAP answer is the OLTP one.</summary>
// ColumnarOnly: with DuckDB, sqlite_version() and typeof are DuckDB's.
[Trait("Backend", "ColumnarOnly")]
public class SystemFunctionTests
{
    [Fact]
    public async Task Sqlite_version_is_the_engines_sqlite_library()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        var olap = await engine.QueryOlapAsync("SELECT sqlite_version() AS v");
        var oltp = await engine.QueryOltpAsync("SELECT sqlite_version() AS v");
        var version = ((StringArray)olap[0].Column(0)).GetString(0);
        Assert.Equal(((StringArray)oltp[0].Column(0)).GetString(0), version);
        Assert.Matches(@"^3\.\d+\.\d+$", version);
    }

    [Fact]
    public async Task A_column_mixing_blobs_and_other_classes_comes_back_as_an_oltp_result_does()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB, s TEXT)");
        await engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("b", "binary"), ("s", "utf8")], ["id"]));
        await engine.ExecuteAsync("INSERT INTO t VALUES (1, x'00FF', 'a'), (2, NULL, 'b'), (3, x'41', NULL)");
        await engine.SyncNowAsync();
        foreach (var sql in new[]
        {
            "SELECT CASE WHEN id = 2 THEN id ELSE b END AS x FROM t ORDER BY id",
            "SELECT coalesce(b, s) AS x FROM t ORDER BY id",
            "SELECT b AS x FROM t UNION SELECT 2.5 ORDER BY 1",
            "SELECT CASE WHEN id = 2 THEN x'' ELSE b END AS x FROM t ORDER BY id",
        })
        {
            var olap = (await engine.QueryOlapAsync(sql)).Single();
            var oltp = (await engine.QueryOltpAsync(sql)).Single();
            Assert.Equal(oltp.Schema.GetFieldByIndex(0).DataType.TypeId, olap.Schema.GetFieldByIndex(0).DataType.TypeId);
            Assert.Equal(Values(oltp.Column(0)), Values(olap.Column(0)));
        }
    }

    private static List<object?> Values(IArrowArray array) => Enumerable.Range(0, array.Length).Select(i => array switch
    {
        StringArray s => (object?)s.GetString(i),
        BinaryArray b => b.IsNull(i) ? null : Convert.ToHexString(b.GetBytes(i)),
        DoubleArray d => d.GetValue(i),
        Int64Array l => l.GetValue(i),
        _ => throw new InvalidOperationException(array.GetType().Name),
    }).ToList();
}
