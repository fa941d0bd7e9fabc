using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: comparisons of two text columns (tpch-q12's <c>l_commitdate &lt; l_receiptdate</c>) give
/// SQLite's answers on every read of the same stored table, at 1, 2 and 8 threads: from the second read
/// of a segment both columns' dictionary codes compare by their keys (<c>Scan/CodeKeys</c>) instead of
/// the rows' bytes. Each segment has its own texts (the two columns' dictionaries differ per segment
/// and from each other); texts NULL, empty, prefixes of each other, non-ASCII, longer than the keys'
/// 15 bytes and equal in them; a NOCASE column, COLLATE NOCASE/RTRIM, IS / IS NOT, INTEGER and REAL
/// columns facing text ones (numeric affinity), a column never coded (a distinct text a row), stretches
/// of rows NULL in one column (a segment NULL in every row: its codes have no distinct text; session 24's
/// code keys failed there with an index out of range, <see cref="ColumnTextComparisonTests"/>), segments
/// longer than a chunk (vectors that do not start at the segment's row 0), two comparisons over the same
/// columns in one WHERE, deleted rows, and a join.
/// </summary>
public sealed class ColumnTextComparisonProperties
{
    private static readonly string[] Pool =
    [
        "NULL", "'12'", "'-1.5'", "''", "'a'", "'A'", "'a '", "'é'", "'ñandú'", "'MAIL'", "'mail'", "'PROMO BRUSHED T'", "'PROMO BRUSHED TI'",
        "'PROMO BRUSHED TIN'", "'PROMO BRUSHED TIN '", "'PROMO BRUSHED TIN\u00e9'", "'PROMO BRUSHED TIN AND MORE'", "'1995-03-1'",
    ];

    [Property(MaxTest = 20)]
    public void Column_text_comparisons_match_sqlite_on_every_read(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 60) : random.Next(2_000, 9_000);
        // Some stretches of rows NULL in a (a segment within one is NULL in every row: coded, no distinct text).
        var nullStretches = random.Next(0, 2) == 0;
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, n TEXT COLLATE NOCASE, u TEXT, r REAL, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");

            // Dates drift with the row (so each segment holds its own days) or come from the pool.
            var region = i / 700;
            var a = nullStretches && i / 90 % 4 == 1 ? "NULL" : Text(random, region);
            var b = Text(random, region + random.Next(0, 2));
            var c = Text(random, region);
            var n = Pool[random.Next(Pool.Length)];
            script.Append(CultureInfo.InvariantCulture, $"({i}, {a}, {b}, {c}, {n}, 'u{i}', {random.Next(-5, 5) / 2.0}, {random.Next(-100, 100)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 80), 1 => random.Next(300, 2_000), _ => random.Next(4_100, 6_000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] ops = ["=", "<>", "<", "<=", ">", ">="];
        string Op() => ops[random.Next(ops.Length)];
        string[] filters =
        [
            $"a {Op()} b",
            $"a < b AND c < a",
            $"b {Op()} c OR v > 90",
            $"a {Op()} n",
            $"a {Op()} b COLLATE NOCASE",
            $"a {Op()} b COLLATE RTRIM",
            $"a IS b",
            $"a IS NOT c",
            $"v {Op()} a",
            $"b {Op()} r",
            $"a {Op()} u",
            $"NOT (a {Op()} b)",
        ];
        var chosen = filters.OrderBy(_ => random.Next()).Take(4).ToArray();
        for (var read = 0; read < 3; read++)
        {
            foreach (var filter in chosen)
            {
                oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(v), min(a), max(b) FROM t WHERE {filter}");
                oracle.AssertSameAtEveryDegree($"SELECT id, a, b, {filter} FROM t ORDER BY id LIMIT 60");
                oracle.AssertSameAtEveryDegree($"SELECT sum({filter}), count({filter}) FROM t");
            }

            oracle.AssertSameAtEveryDegree(
                $"SELECT t1.a, count(*) FROM t t1 JOIN t t2 ON t1.v = t2.v WHERE t1.a {Op()} t1.b AND t2.c {Op()} t2.b AND t1.id < 300 GROUP BY t1.a ORDER BY t1.a");
        }
    }

    /// <summary>A text of the pool (one in four), or a date of the days of <paramref name="region"/>.</summary>
    private static string Text(Random random, int region) =>
        random.Next(0, 4) == 0 ? Pool[random.Next(Pool.Length)] : $"'{new DateTime(1995, 1, 1).AddDays((region * 9) + random.Next(12)):yyyy-MM-dd}'";
}
