using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Cases of two text columns compared through their segments' codes (<c>Scan/CodeKeys</c>) that
/// <see cref="ColumnTextComparisonProperties"/> found or may draw rarely: each answer is SQLite's at
/// 1, 2 and 8 threads on three reads of the same table (the later reads through the codes).
/// </summary>
public sealed class ColumnTextComparisonTests
{
    /// <summary>
    /// A segment whose column is NULL in every row has codes (all 0, the NULL rows' code) but no
    /// distinct text: its keys must still cover code 0, which every NULL row reads. Found by the
    /// property's seed 40, replay (6053726871457345623,15169802419243519813,65): an index out of range.
    /// </summary>
    [Fact]
    public void Segments_whose_column_is_all_null_compare_as_sqlite_does()
    {
        var script = "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, v INTEGER);"
            + "INSERT INTO t VALUES (0, NULL, '1995-01-02', '1995-01-01', 1), (1, NULL, NULL, '1995-01-03', 2), (2, '1995-01-02', NULL, NULL, 3),"
            + " (3, NULL, NULL, NULL, 4), (4, '1995-01-01', '1995-01-04', '1994-12-31', 5), (5, 'a', 'b', NULL, 6), (6, NULL, 'b', 'a', 7),"
            + " (7, NULL, NULL, NULL, 8), (8, '', 'PROMO BRUSHED TIN AND MORE', 'PROMO BRUSHED TIN', 9);";
        using var oracle = ScriptOracle.WithDeletedIds(script, rowsPerSegment: 1, deleted: new HashSet<int>());
        for (var read = 0; read < 3; read++)
        {
            foreach (var filter in new[] { "a < b", "a < b AND c < a", "b >= c OR v > 7", "a IS NOT c", "NOT (a = b)" })
            {
                oracle.AssertSameAtEveryDegree($"SELECT count(*), sum(v), min(a), max(b) FROM t WHERE {filter}");
                oracle.AssertSameAtEveryDegree($"SELECT id, a, b, {filter} FROM t ORDER BY id");
            }
        }
    }
}
