using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// SUM, TOTAL and AVG over TEXT and BLOB, as SQLite's sumStep reads them: an integer-looking text
/// adds as an INTEGER, anything else as its numeric prefix (a REAL); SUM is an INTEGER where every
/// text looked like an integer.
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
    public void A_sum_of_texts_that_all_look_like_integers_is_an_integer()
    {
        using var oracle = new ScriptOracle(Script);

        oracle.AssertSame("SELECT g, sum(w), typeof(sum(w)), sum(w) || '' FROM t GROUP BY g ORDER BY g");
        Assert.Equal(7L, oracle.Yoda("SELECT sum(w) FROM t WHERE g = 3")[0][0]);
        oracle.AssertSame("SELECT sum(w) || '', typeof(sum(w)) FROM t WHERE g = 3");
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
