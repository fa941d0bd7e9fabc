using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: LIKE evaluated as a value (a CASE condition as in tpch-q14, summed, grouped by, selected,
/// ORed in WHERE, after a join) gives SQLite's answers at 1, 2 and 8 threads. A constant pattern of
/// literal text and '%' is matched on the stored UTF-8 bytes (<c>LikeExpression</c>); patterns with '_',
/// ESCAPE, a non-constant pattern, NOT LIKE, non-ASCII texts and patterns, ASCII case differences,
/// NULLs, empty texts, deleted rows.
/// </summary>
public sealed class LikeValueProperties
{
    private static readonly string[] Pool =
        ["NULL", "''", "'PROMO BRUSHED TIN'", "'promo anodized'", "'PROMO'", "'PROM'", "'STANDARD PROMO'", "'ñandú'", "'Ñandú'", "'é%'", "'a_b'", "'\U0001F600 x'"];

    private static readonly string[] Patterns =
        ["'PROMO%'", "'promo%'", "'%PROMO%'", "'%tin'", "'%'", "''", "'PROMO'", "'ñ%'", "'%ú'", "'P_OMO%'", "'é\\%' ESCAPE '\\'", "'\U0001F600%'", "p"];

    [Property(MaxTest = 25)]
    public void Like_as_a_value_matches_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 50) : random.Next(2_000, 7_000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT, p TEXT, v INTEGER, r REAL);");
        script.Append("CREATE TABLE u(id INTEGER PRIMARY KEY, tid INTEGER, s TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Pool[random.Next(Pool.Length)]}, {Patterns[random.Next(Patterns.Length - 1)].Split(' ')[0]}, {random.Next(-100, 100)}, {random.Next(0, 1000) / 8.0})");
            script.Append(i % 500 == 499 || i == rows - 1 ? ";" : string.Empty);
        }

        script.Append("INSERT INTO u SELECT id, id, s FROM t WHERE id % 4 <> 0;");
        using var oracle = TableLayouts.RandomlyCutWithDeletes(random, script.ToString(), rows);
        for (var k = 0; k < 3; k++)
        {
            var like = $"{(random.Next(0, 4) == 0 ? "NOT LIKE" : "LIKE")} {Patterns[random.Next(Patterns.Length)]}";
            oracle.AssertSameAtEveryDegree($"SELECT sum(CASE WHEN s {like} THEN r ELSE 0 END), sum(s {like}), count(*) FROM t");
            oracle.AssertSameAtEveryDegree($"SELECT s {like} AS x, count(*), sum(v) FROM t GROUP BY x ORDER BY x");
            oracle.AssertSameAtEveryDegree($"SELECT id, s, s {like} FROM t WHERE s {like} OR v > 90 ORDER BY id LIMIT 60");
            oracle.AssertSameAtEveryDegree($"SELECT sum(CASE WHEN u.s {like} THEN t.r ELSE 0 END), count(*) FROM t JOIN u ON t.id = u.tid WHERE t.v > -50");
        }
    }
}
