namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Where a join's runtime key filter goes among the probe scan's predicates (<c>FromPlanner.WithProbeKeys</c>):
/// after a text equality or inequality once every segment of its column is dictionary-coded (made on the column's
/// second filtered read), before it until then, and before a text range, an IN list and a LIKE always; the answers
/// are SQLite's either way.
/// </summary>
public sealed class ProbeKeyOrderTests
{
    private const string Script = """
        CREATE TABLE c(ck INTEGER, region TEXT);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 299) INSERT INTO c SELECT n, 'r' || (n % 7) FROM i;
        CREATE TABLE o(ok INTEGER, ock INTEGER, flag TEXT, note TEXT);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 5999)
        INSERT INTO o SELECT n, CASE WHEN n % 53 = 0 THEN NULL ELSE (n * 13) % 400 END, CASE n % 4 WHEN 0 THEN 'A' WHEN 1 THEN 'N' WHEN 2 THEN 'R' ELSE NULL END, 'note ' || (n % 11) FROM i;
        """;

    private static string OrdersFilter(ScriptOracle oracle, string sql) =>
        oracle.Explain(sql).Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("Scan o ", StringComparison.Ordinal));

    [Theory]
    [InlineData("SELECT region, count(*), sum(ok) FROM c, o WHERE ck = ock AND region = 'r3' AND flag = 'R' GROUP BY region", "flag")]
    [InlineData("SELECT region, count(*) FROM c JOIN o ON ck = ock WHERE region IN ('r1', 'r2') AND flag <> 'A' GROUP BY region ORDER BY region", "flag")]
    [InlineData("SELECT count(*), max(note) FROM c, o WHERE ck = ock AND region = 'r5' AND note = 'note 3'", "note")]
    public void A_coded_text_equality_goes_before_the_key_filter_once_its_column_is_coded(string sql, string column)
    {
        using var oracle = new ScriptOracle(Script, table => TableLayouts.Every(table, 1000));
        var keys = "IN (keys of the join)";
        var first = OrdersFilter(oracle, sql);
        Assert.True(first.IndexOf(keys, StringComparison.Ordinal) < first.IndexOf($"o.{column}", StringComparison.Ordinal), first);
        oracle.AssertSameAtEveryDegree(sql);
        oracle.AssertSameAtEveryDegree(sql);
        var coded = OrdersFilter(oracle, sql);
        Assert.True(coded.IndexOf($"o.{column}", StringComparison.Ordinal) < coded.IndexOf(keys, StringComparison.Ordinal), coded);
        oracle.AssertSameAtEveryDegree(sql);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM c, o WHERE ck = ock AND region = 'r2' AND note LIKE 'note 1%'", "note")]
    [InlineData("SELECT region, count(*) FROM c JOIN o ON ck = ock WHERE region IN ('r1', 'r2') AND flag IN ('A', 'N') GROUP BY region ORDER BY region", "flag")]
    [InlineData("SELECT count(*), max(note) FROM c, o WHERE ck = ock AND region = 'r5' AND flag >= 'N'", "flag")]
    public void A_text_range_in_list_or_like_stays_after_the_key_filter(string sql, string column)
    {
        using var oracle = new ScriptOracle(Script, table => TableLayouts.Every(table, 1000));
        for (var run = 0; run < 3; run++)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }

        var filter = OrdersFilter(oracle, sql);
        Assert.True(filter.IndexOf("IN (keys of the join)", StringComparison.Ordinal) < filter.IndexOf($"o.{column}", StringComparison.Ordinal), filter);
    }
}
