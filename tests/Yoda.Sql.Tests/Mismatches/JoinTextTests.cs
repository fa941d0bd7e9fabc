namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Joins whose sides carry TEXT columns (NULL, empty, not ASCII) over tables cut into small segments,
/// compared with SQLite at parallelism 1, 2 and 8: the joins keep the stored bytes of kept and paired
/// rows (<c>ColumnVector.Gather</c>, <c>ChunkAccumulator.ToColumns</c>, <c>MatchedPairs.Gather</c>) and
/// decode only what a query reads, so every way a text reaches the output is checked here: building on
/// the small side and streaming the large one, building on the large side, LEFT joins, text filters
/// above the join, group keys, MIN/MAX and functions of the texts.
/// </summary>
public sealed class JoinTextTests
{
    private const string Script = """
        CREATE TABLE small(k INTEGER, v INTEGER, s TEXT);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 11)
        INSERT INTO small SELECT CASE WHEN n = 5 THEN NULL ELSE n % 9 END, n,
            CASE WHEN n % 4 = 1 THEN NULL WHEN n % 4 = 2 THEN 'ü' || n ELSE substr('small-text', 1, n % 6) END FROM i;
        CREATE TABLE big(k INTEGER, v INTEGER, t TEXT, u TEXT);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 299)
        INSERT INTO big SELECT CASE WHEN n % 23 = 3 THEN NULL ELSE n % 13 END, n,
            CASE WHEN n % 7 = 2 THEN NULL WHEN n % 5 = 0 THEN 'é' || (n % 11) ELSE substr('abcdefgh', 1 + n % 3, n % 5) END,
            CASE WHEN n % 3 = 0 THEN NULL ELSE 'u' || (n % 4) END FROM i;
        """;

    [Theory]
    [InlineData("SELECT small.v, small.s, big.v, big.t, big.u FROM small, big WHERE small.k = big.k ORDER BY 1, 3")]
    [InlineData("SELECT small.v, small.s, big.v, big.t FROM big, small WHERE big.k = small.k AND big.v < 40 ORDER BY 1, 3")]
    [InlineData("SELECT small.v, big.v, big.t, small.s FROM small, big WHERE small.k = big.k AND big.t < small.s ORDER BY 1, 2")]
    [InlineData("SELECT small.v, big.v FROM small, big WHERE small.k = big.k AND big.t <> small.s AND big.u IS NULL ORDER BY 1, 2")]
    [InlineData("SELECT big.t, count(*), sum(small.v), min(small.s), max(big.u) FROM small, big WHERE small.k = big.k GROUP BY big.t ORDER BY 1")]
    [InlineData("SELECT small.s, big.u, count(*) FROM small JOIN big ON small.k = big.k GROUP BY 1, 2 ORDER BY 1, 2")]
    [InlineData("SELECT small.v, small.s, big.v, big.t, length(big.t), upper(big.u) FROM small LEFT JOIN big ON small.k = big.k AND big.v > 250 ORDER BY 1, 3")]
    [InlineData("SELECT big.v, big.t, small.s FROM big LEFT JOIN small ON big.k = small.k ORDER BY 1, small.v")]
    [InlineData("SELECT a.v, b.v, a.t, b.u FROM big a, big b WHERE a.k = b.v AND a.t = b.t ORDER BY 1, 2")]
    [InlineData("SELECT small.s || big.t, big.u FROM small, big WHERE small.k = big.k AND small.v < 3 ORDER BY small.v, big.v")]
    public void Texts_through_joins_match_sqlite_at_parallelism_1_2_and_8(string sql)
    {
        foreach (var rowsPerSegment in new[] { 1, 7, 64 })
        {
            using var oracle = new ScriptOracle(Script, table => TableLayouts.Every(table, rowsPerSegment));
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
