using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Yoda.Sql.Parsing;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Parsing;

/// <summary>
/// Hostile input through the whole OLAP path (parse, bind, plan, run): random bytes, random token
/// soup, truncated valid queries, deep nesting and huge text end in a result, a SqlParseException or a
/// YodaException, never another exception, a stack overflow or a hang. Each run uses a fixed seed and
/// a random one; both are printed.
/// </summary>
public sealed class ParserFuzzTests(SampleData data, ITestOutputHelper output) : IClassFixture<SampleData>
{
    private static readonly string[] Vocabulary =
    [
        "SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET", "AS", "AND", "OR", "NOT",
        "IS", "NULL", "IN", "LIKE", "GLOB", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "COLLATE", "NOCASE",
        "OVER", "PARTITION", "ROWS", "RANGE", "GROUPS", "UNBOUNDED", "PRECEDING", "FOLLOWING", "CURRENT", "ROW", "EXCLUDE",
        "TIES", "FILTER", "WINDOW", "JOIN", "LEFT", "ON", "USING", "UNION", "INTERSECT", "EXCEPT", "WITH", "RECURSIVE", "VALUES", "ASC", "DESC", "NULLS", "FIRST",
        "t", "u", "id", "s", "g", "i32", "d", "w", "count", "sum", "avg", "row_number", "rank", "lag", "printf", "round",
        "group_concat", "max", "ntile", "1", "0", "-1", "2.5", "1e308", "9223372036854775807", "0x7f", "'a'", "'%d'", "X'00'",
        "?", ":p", "(", ")", "(", ")", ",", ".", "*", "+", "-", "/", "%", "||", "=", "<>", "<", ">=", "<<", "&", "~", ";",
    ];

    private static readonly string[] ValidQueries =
    [
        "SELECT id, sum(i32) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t WHERE s GLOB 'a*' ORDER BY id",
        "SELECT g, count(*) FILTER (WHERE i32 > 0), group_concat(s, ';') FROM t GROUP BY g HAVING count(*) > 1 ORDER BY g LIMIT 2",
        "SELECT printf('%5.2f|%-4d|%q', d, i32, s), s COLLATE NOCASE = 'ALPHA', round(d, 1) FROM t AS x WHERE id IN (1, 2, 3)",
        "SELECT rank() OVER w, lag(s, 1, 'none') OVER w FROM t WINDOW w AS (ORDER BY i8 DESC NULLS LAST) ORDER BY 1",
        "SELECT CASE WHEN d > 0 THEN 'p' ELSE 'n' END, CAST(s AS INTEGER), -i32 % 7, ln(abs(d) + 1) FROM t LIMIT 5 OFFSET 1",
        "SELECT id, (g, id) > (1, 2), (id, s) IN (SELECT id, s FROM t WHERE g = 1), (id, g) BETWEEN (1, 0) AND (3, 9) FROM t WHERE (id, s) <> (2, 'x')",
        "WITH RECURSIVE r(n) AS (SELECT 1 EXCEPT SELECT 2 UNION ALL SELECT n || 'a' FROM r WHERE length(n) < 4) SELECT n, typeof(n) FROM r",
    ];

    public static TheoryData<int> Seeds => new([20261125, Random.Shared.Next()]);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_bytes_and_token_soup_fail_cleanly(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 1500; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            Run(Encoding.UTF8.GetString(bytes), seed);
            Run(string.Join(' ', Enumerable.Range(0, random.Next(1, 25)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])), seed);
            Run("SELECT " + string.Join(' ', Enumerable.Range(0, random.Next(1, 15)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])) + " FROM t", seed);
        }

        output.WriteLine($"4,500 inputs in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Truncated_valid_queries_fail_cleanly()
    {
        foreach (var query in ValidQueries)
        {
            Assert.NotEmpty(ResultRows.FromArrow(SqlEngine.Execute(query, [1L], data.Catalog, default)));
            for (var length = 0; length < query.Length; length++)
            {
                Run(query[..length], seed: 0, parseOnly: length % 10 != 0);
            }
        }
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("-", "")]
    [InlineData("NOT ", "")]
    [InlineData("CASE WHEN 1 THEN ", " END")]
    [InlineData("abs(", ")")]
    [InlineData("sum(", ") OVER ()")]
    public void Ten_thousand_levels_of_nesting_are_a_parse_error(string open, string close)
    {
        var sql = "SELECT " + string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));
        Assert.Throws<SqlParseException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
    }

    [Fact]
    public void A_long_flat_expression_is_refused_without_overflowing_the_stack()
    {
        var sql = "SELECT 1" + string.Concat(Enumerable.Repeat(" + 1", 100_000));
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Contains("too large", error.Message);
    }

    [Fact]
    public void A_ten_megabyte_query_is_refused()
    {
        var sql = "SELECT '" + new string('x', 10 * 1024 * 1024) + "'";
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Contains("too long", error.Message);
        Assert.True(sql.Length > SqlParser.MaxSqlLength);
    }

    /// <summary>Parses (and unless <paramref name="parseOnly"/>, runs) one input; anything but a Yoda exception fails, naming the input and seed.</summary>
    private void Run(string sql, int seed, bool parseOnly = false)
    {
        try
        {
            if (parseOnly)
            {
                Assert.NotNull(SqlParser.Parse(sql));
            }
            else
            {
                Assert.NotNull(SqlEngine.Execute(sql, [1L], data.Catalog, default));
            }
        }
        catch (YodaException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"seed {seed}: {e.GetType().Name} for input {Quote(sql)}: {e.Message}\n{e.StackTrace}");
        }
    }

    private static string Quote(string sql) => "\"" + sql.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
