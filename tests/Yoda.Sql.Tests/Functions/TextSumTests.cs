using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// SUM, TOTAL and AVG over TEXT and BLOB, as SQLite's sumStep reads them: an integer-looking text
/// adds as an INTEGER, anything else as its numeric prefix (a REAL). A SUM that SQLite would return
/// as an INTEGER is refused as not supported.
/// </summary>
public sealed class TextSumTests
{
    private const string Script = """
        CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, w TEXT);
        INSERT INTO t VALUES (1, 1, 'abc'), (2, 1, ' 12 '), (3, 1, NULL), (4, 2, '2.5e1'), (5, 2, '9223372036854775807'), (6, 2, '1'), (7, 3, '3'), (8, 3, '4'), (9, 4, NULL);
        """;

    [Theory]
    [InlineData("SELECT sum(w), total(w), avg(w) FROM t")]
    [InlineData("SELECT g, sum(w), total(w), avg(w) FROM t WHERE g < 3 GROUP BY g ORDER BY g")]
    [InlineData("SELECT g, total(w), avg(w), total(DISTINCT w) FROM t GROUP BY g ORDER BY g")]
    [InlineData("SELECT sum(CAST(w AS BLOB)), total(CAST(w AS BLOB)), avg(CAST(w AS BLOB)) FROM t")]
    [InlineData("SELECT sum('abc'), sum('12x'), sum(' 12 '), total('7'), avg('1e3')")]
    [InlineData("SELECT sum(w) FROM t WHERE g = 4")]
    [InlineData("SELECT typeof(sum(' 12 ')), typeof(sum('12.0')), typeof(sum('abc')), typeof(sum(w)), typeof(total(w)), typeof(avg(w)) FROM t")]
    [InlineData("SELECT sum(w || 'x') FROM t")]
    public void Matches_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
    }

    [Fact]
    public void An_integer_sum_of_texts_is_not_supported()
    {
        using var oracle = new ScriptOracle(Script);

        var error = Assert.ThrowsAny<YodaException>(() => oracle.Yoda("SELECT g, sum(w) FROM t WHERE g = 3 GROUP BY g"));

        Assert.Contains("is not supported yet", error.Message);
        Assert.Equal(7L, oracle.Sqlite("SELECT sum(w) FROM t WHERE g = 3")[0][0]);
    }

    [Fact]
    public void An_integer_overflow_is_an_error_unless_a_real_text_comes_after_as_in_sqlite()
    {
        using var oracle = new ScriptOracle("CREATE TABLE o(id INTEGER PRIMARY KEY, w TEXT); INSERT INTO o VALUES (1, '9223372036854775807'), (2, '1'), (3, 'x');");

        var error = Assert.ThrowsAny<YodaException>(() => oracle.Yoda("SELECT sum(w) FROM o WHERE id < 3"));

        Assert.Equal("integer overflow", error.Message);
        Assert.ThrowsAny<Exception>(() => oracle.Sqlite("SELECT sum(w) FROM o WHERE id < 3"));
        oracle.AssertSame("SELECT sum(w), total(w), avg(w) FROM o");
    }
}
