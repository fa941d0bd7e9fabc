using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Engine;

/// <summary>
/// The optimised plans (scan pushdown, zone-map pruning, top-N, specialised group tables) give
/// SQLite's answer and the same rows, in the same order, as the plain reference plan of <c>Optimizations = false</c>.
/// </summary>
public sealed class OptimizationTests(SampleData data) : IClassFixture<SampleData>
{
    private static readonly ExecutionOptions Plain = new(Optimizations: false);

    public static TheoryData<string> Queries => new(
    [
        "SELECT id FROM t WHERE id > 400 ORDER BY id",
        "SELECT COUNT(*), SUM(d) FROM t WHERE id > 150 AND id <= 450",
        "SELECT COUNT(*) FROM t WHERE id > 100000",
        "SELECT id, s FROM t WHERE s >= 'beta' AND s < 'gamma' ORDER BY id",
        "SELECT id FROM t WHERE s = 'emoji😀' OR s = 'Ωmega' ORDER BY id",
        "SELECT id FROM t WHERE s > 'délta' ORDER BY id",
        "SELECT id FROM t WHERE g IN ('x', 'z') AND d < 0.5 ORDER BY id",
        "SELECT id FROM t WHERE 100 < id AND d <> 0.5 AND 0.25 >= d ORDER BY id",
        "SELECT id FROM t WHERE id IN (5, 250, 599, 1000) ORDER BY id",
        "SELECT id FROM t WHERE big = 0 OR big < -5 ORDER BY id",
        "SELECT id FROM t WHERE d IN (0.5, -1.5) ORDER BY id",
        "SELECT g, COUNT(*), SUM(i32), MIN(s) FROM t WHERE s <> '' GROUP BY g ORDER BY g",
        "SELECT g, b, COUNT(*), TOTAL(d) FROM t GROUP BY g, b ORDER BY 1, 2",
        "SELECT i32 % 7, COUNT(*), MAX(d) FROM t GROUP BY 1 ORDER BY 1",
        "SELECT big, COUNT(*) FROM t GROUP BY big ORDER BY 2 DESC, 1 LIMIT 5",
        "SELECT d, COUNT(*) FROM t GROUP BY d ORDER BY 1 LIMIT 8",
        "SELECT id, s FROM t WHERE s LIKE '%TA%' ORDER BY id",
        "SELECT COUNT(*) FROM t WHERE s NOT LIKE 'b%' AND g LIKE '%x'",
        "SELECT id FROM t WHERE s LIKE '%😀' OR s LIKE 'ω%' ORDER BY id",
        "SELECT id FROM t WHERE s LIKE 'b_ta' OR s LIKE '' ORDER BY id",
        "SELECT id, d FROM t ORDER BY d DESC, id LIMIT 7 OFFSET 3",
        "SELECT g, i8, COUNT(*), MIN(d), SUM(i32) FROM t GROUP BY g, i8",
        "SELECT i8, g, b, COUNT(*) FROM t WHERE id % 3 = 1 GROUP BY 1, 2, 3",
        "SELECT s, COUNT(*) FROM t GROUP BY s",
        "SELECT bin, d, COUNT(*) FROM t GROUP BY bin, d",
        "SELECT u8, COUNT(*) FROM t GROUP BY u8",
        "SELECT COUNT(DISTINCT s), COUNT(DISTINCT i8), COUNT(DISTINCT d), COUNT(DISTINCT bin), SUM(DISTINCT i32) FROM t",
        "SELECT g, COUNT(DISTINCT i32), AVG(DISTINCT d) FROM t GROUP BY g ORDER BY g",
        "SELECT DISTINCT i8, g FROM t",
        "SELECT a.id, b.id FROM t AS a JOIN t AS b ON a.id = b.id AND b.g = 'x' WHERE a.id < 50 ORDER BY 1",
        "SELECT a.id, b.id, b.d FROM t AS a JOIN t AS b ON a.i8 = b.i8 AND a.d < b.d WHERE a.id < 30",
        "SELECT a.i8, b.id FROM t AS a, t AS b WHERE b.i8 = a.i8 AND a.id > 590",
        "SELECT a.g, COUNT(*), TOTAL(b.d) FROM t AS a JOIN t AS b ON b.i32 = a.i32 JOIN t AS c ON c.id = b.id WHERE a.id BETWEEN 5 AND 50 GROUP BY a.g",
        "SELECT a.id, b.id FROM t AS a LEFT JOIN t AS b ON a.id = b.id AND b.id < 10 WHERE a.id < 20 ORDER BY 1",
        "SELECT a.id, b.g FROM t AS a LEFT JOIN t AS b ON a.id = b.id + 1 WHERE b.g = 'x' AND a.id < 100 ORDER BY 1",
        "SELECT a.id, b.g FROM t AS a LEFT JOIN t AS b ON a.id = b.id + 1 WHERE b.g IS NULL ORDER BY 1",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Optimised_and_plain_plans_both_answer_like_sqlite(string sql)
    {
        var (_, expected) = ResultRows.FromSqlite(data.Sqlite, sql, []);
        var optimised = ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, ExecutionOptions.Default, default));
        var plain = ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, Plain, default));
        AssertSameRows(expected, optimised, sorted: sql.Contains("ORDER BY", StringComparison.Ordinal));
        AssertSameRows(plain, optimised, sorted: true);
    }

    [Fact]
    public void Pushed_filters_show_in_the_scan_and_not_in_the_plain_plan()
    {
        const string sql = "SELECT id FROM t WHERE s < 'b' AND id + 1 > 3 AND g IN ('x', 'y') ORDER BY id LIMIT 3";
        var optimised = SqlEngine.Explain(sql, [], data.Catalog, ExecutionOptions.Default);
        var plain = SqlEngine.Explain(sql, [], data.Catalog, Plain);
        Assert.Contains("Scan t [id] filter [(s < 'b') AND ((g = 'x') OR (g = 'y'))]", optimised);
        Assert.Contains("Filter ((id + 1) > 3)", optimised);
        Assert.Contains("TopN 3", optimised);
        Assert.Contains("Scan t [id, s, g]", plain);
        Assert.DoesNotContain("TopN", plain);
        Assert.DoesNotContain("filter [", plain);
    }

    [Fact]
    public void Like_patterns_of_text_and_percent_signs_are_pushed_into_the_scan_after_comparisons()
    {
        var plan = SqlEngine.Explain("SELECT id FROM t WHERE s LIKE '%ta%' AND g NOT LIKE 'x' AND s LIKE 'b_ta' AND id > 3", [], data.Catalog);
        Assert.Contains("filter [(id > 3) AND (s LIKE '%ta%') AND (g NOT LIKE 'x')]", plan);
        Assert.Contains("Filter (s LIKE 'b_ta')", plan);
    }

    [Fact]
    public void Filters_on_the_null_extended_side_of_a_left_join_stay_above_the_join()
    {
        var plan = SqlEngine.Explain("SELECT a.id FROM t AS a LEFT JOIN t AS b ON a.id = b.id WHERE b.g = 'x'", [], data.Catalog);
        Assert.Contains("Filter (b.g = 'x')", plan);
        Assert.DoesNotContain("filter [", plan);
    }

    private static void AssertSameRows(List<object?[]> expected, List<object?[]> actual, bool sorted)
    {
        if (!sorted)
        {
            expected = [.. expected.OrderBy(ResultRows.Render, StringComparer.Ordinal)];
            actual = [.. actual.OrderBy(ResultRows.Render, StringComparer.Ordinal)];
        }

        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.True(
                expected[r].Zip(actual[r]).All(p => ResultRows.Same(p.First, p.Second)),
                $"row {r}: expected [{ResultRows.Render(expected[r])}], got [{ResultRows.Render(actual[r])}]");
        }
    }
}
