using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The join order of a query of inner joins: greedy and connected. Starting from the first FROM
/// table, the next table is the first in FROM order that an INTEGER equality links to the tables
/// already joined (a hash join), else the first that any condition links to them (a filtered
/// nested loop), else the next in FROM order (a cross product nothing avoids). A FROM order that
/// is already connected is kept as it is.
/// </summary>
internal static partial class FromPlanner
{
    private static int[] JoinOrder(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions)
    {
        var links = conditions.Select(c => (Condition: c, Tables: TablesOf(c, tables).ToHashSet())).Where(l => l.Tables.Count >= 2).ToList();
        var joined = new HashSet<int> { 0 };
        var order = new List<int> { 0 };
        bool IsJoinedColumn(int column) => joined.Contains(TableOf(column, tables));

        bool HashJoins(int candidate) => links.Any(l =>
            l.Tables.Contains(candidate) && l.Condition is BoundComparison c && IsHashKey(c, IsJoinedColumn, column => IsColumnOf(tables[candidate], column)));

        bool Filters(int candidate) => links.Any(l => l.Tables.Contains(candidate) && l.Tables.All(t => t == candidate || joined.Contains(t)));

        while (order.Count < tables.Count)
        {
            var remaining = Enumerable.Range(0, tables.Count).Where(i => !joined.Contains(i)).ToList();
            var next = remaining.FirstOrDefault(HashJoins, -1);
            next = next >= 0 ? next : remaining.FirstOrDefault(Filters, remaining[0]);
            joined.Add(next);
            order.Add(next);
        }

        return [.. order];
    }
}
