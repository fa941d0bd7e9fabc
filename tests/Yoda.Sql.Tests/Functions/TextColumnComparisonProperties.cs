using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: two text columns compared with each other (tpch-q12's <c>l_commitdate &lt; l_receiptdate</c>;
/// stored UTF-8 operands compare as bytes, <c>ComparisonExpression.StoredTexts</c>) give SQLite's answers
/// at 1, 2 and 8 threads, in WHERE, as values, summed, grouped by and across a join: every operator and
/// IS / IS NOT, NULLs, empty texts, prefixes of each other, non-ASCII texts whose UTF-16 order differs
/// from their code point order (U+FF21 against U+1F600), a NOCASE column and COLLATE clauses, segments
/// all ASCII beside segments that are not, many distinct texts (no dictionary codes), deleted rows.
/// </summary>
public sealed class TextColumnComparisonProperties
{
    private static readonly string[] Pool =
        ["NULL", "''", "'1995-03-15'", "'1995-03-16'", "'1995-03-1'", "'MAIL'", "'mail'", "'a'", "'ñandú'", "'é'", "'\uFF21'", "'\U0001F600'", "'z'"];

    [Property(MaxTest = 25)]
    public void Text_column_comparisons_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 50) : random.Next(2_000, 9_000);
        var asciiUntil = random.Next(0, 2) == 0 ? rows : random.Next(rows + 1);
        var distinct = random.Next(0, 3) == 0;
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT COLLATE NOCASE, v INTEGER);");
        script.Append("CREATE TABLE u(id INTEGER PRIMARY KEY, tid INTEGER, b TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Text(random, i < asciiUntil, distinct)}, {Text(random, i < asciiUntil, distinct)}, {Text(random, i < asciiUntil, distinct)}, {random.Next(-100, 100)})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : string.Empty);
        }

        script.Append("INSERT INTO u SELECT id, id, b FROM t WHERE id % 3 <> 0;");
        using var oracle = TableLayouts.RandomlyCutWithDeletes(random, script.ToString(), rows);
        string[] ops = ["=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT"];
        string[] pairs = ["a {0} b", "b {0} a", "c {0} a", "a {0} c", "a {0} b COLLATE NOCASE", "a {0} b COLLATE RTRIM"];
        for (var k = 0; k < 4; k++)
        {
            var comparison = string.Format(CultureInfo.InvariantCulture, pairs[random.Next(pairs.Length)], ops[random.Next(ops.Length)]);
            oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(v) FROM t WHERE {comparison}");
            oracle.AssertSameAtEveryDegree($"SELECT count(*), sum({comparison}), sum(v) FROM t WHERE a < b AND b {ops[random.Next(6)]} '1995-03'");
            oracle.AssertSameAtEveryDegree($"SELECT {comparison} AS x, count(*) FROM t GROUP BY x ORDER BY x");
            oracle.AssertSameAtEveryDegree($"SELECT id, a, b, {comparison} FROM t WHERE id % 7 = 1 ORDER BY id LIMIT 60");
        }

        oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(t.v) FROM t JOIN u ON t.id = u.tid WHERE t.a {ops[random.Next(6)]} u.b");
    }

    /// <summary>A text of the pool (ASCII ones only when <paramref name="ascii"/>), or one of many distinct texts when <paramref name="distinct"/> and a coin says so.</summary>
    private static string Text(Random random, bool ascii, bool distinct)
    {
        if (distinct && random.Next(0, 2) == 0)
        {
            return ascii ? $"'1995-{random.Next(100_000):D5}'" : $"'ñ{random.Next(100_000)}'";
        }

        while (true)
        {
            var text = Pool[random.Next(Pool.Length)];
            if (!ascii || text.All(char.IsAscii))
            {
                return text;
            }
        }
    }
}
