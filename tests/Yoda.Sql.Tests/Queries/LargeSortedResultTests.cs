using System.Globalization;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>
/// A sorted result of more than a chunk's rows is written to Arrow straight from the sort's selection, a
/// permutation: one that starts at row 0 and ends at the last row is still not every row in order. Until
/// session 25 the writer took such a selection for all rows in order and wrote the sort's input order
/// (found through <c>PooledTruthProperties</c>' first version: an ORDER BY after a join).
/// </summary>
public sealed class LargeSortedResultTests
{
    [Fact]
    public void A_sort_whose_first_and_last_rows_keep_their_places_still_reorders_the_rest()
    {
        // g is 0 for the first row, 2 for the last, 1 between: ORDER BY g, id DESC keeps the first and last rows in
        // place and reverses the 4,998 between them.
        var values = Enumerable.Range(0, 5000).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, {(i == 0 ? 0 : i == 4999 ? 2 : 1)}, {i % 7})"));
        using var oracle = ScriptOracle.WithDeletedIds(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, v INTEGER); INSERT INTO t VALUES " + string.Join(", ", values) + ";",
            rowsPerSegment: 1500,
            deleted: new HashSet<int>());
        oracle.AssertSameAtEveryDegree("SELECT id, g, v FROM t ORDER BY g, id DESC");
        oracle.AssertSameAtEveryDegree("SELECT id, g, v * 2 FROM t ORDER BY g, v, id DESC");
    }

    [Fact]
    public void An_order_by_after_a_join_sorts_within_the_first_key()
    {
        // Every t row matches three u rows, stored in descending x but for keys 0 and 49 (the first and last t rows'):
        // the join's output is in t.id order, and the sort keeps its first and last rows in place and must reverse
        // every other row's three matches.
        var tRows = Enumerable.Range(0, 3000).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, {i % 50})"));
        var uRows = Enumerable.Range(0, 150).Select(i => (Key: i % 50, Step: i / 50, Id: i))
            .Select(u => string.Create(CultureInfo.InvariantCulture, $"({u.Key}, {(u.Key is 0 or 49 ? 7 + u.Step : 9 - u.Step)}, {u.Id})"));
        using var oracle = ScriptOracle.WithDeletedIds(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER); CREATE TABLE u(k INTEGER, x INTEGER, y INTEGER);"
                + "INSERT INTO t VALUES " + string.Join(", ", tRows) + "; INSERT INTO u VALUES " + string.Join(", ", uRows) + ";",
            rowsPerSegment: 100_000,
            deleted: new HashSet<int>());
        oracle.AssertSameAtEveryDegree("SELECT t.id, u.x, u.y FROM t JOIN u ON t.a = u.k ORDER BY t.id, u.x, u.y");
        oracle.AssertSameAtEveryDegree("SELECT t.id, u.x, u.y FROM t LEFT JOIN u ON t.a = u.k AND u.x > 7 ORDER BY t.id, u.x, u.y");
    }
}
