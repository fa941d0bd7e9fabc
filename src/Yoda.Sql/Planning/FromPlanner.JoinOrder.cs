using System.Numerics;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The join order of a query of inner joins. The connected greedy order (<see cref="GreedyJoinOrder"/>)
/// is the default; for up to <see cref="MostTablesSearched"/> tables every left-deep order that joins
/// each table to one it is linked to (a cross product only where no remaining table is linked) is
/// costed with <see cref="JoinEstimates"/>: the estimated rows of the first table plus those of each
/// join's output, and a nested loop's pairs. The cheapest replaces the greedy order only when its
/// cost is under half the greedy order's, as the estimates are rough guesses (tpch-q12: the filtered
/// lineitem rows before orders; tpch-q05: the region's nations, customers and orders before lineitem).
/// </summary>
internal static partial class FromPlanner
{
    private const int MostTablesSearched = 8;

    /// <summary>
    /// The order in which to join the tables, and the equalities implied by the conditions (see
    /// <see cref="ImpliedEqualities"/>) that the order joins a table on, to be applied with the conditions.
    /// </summary>
    private static (int[] Order, List<BoundExpr> Implied) JoinOrder(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions, List<BoundExpr> conjuncts)
    {
        var greedy = GreedyJoinOrder(tables, conditions);
        if (tables.Count > MostTablesSearched || tables.Any(t => t.Correlated is not null))
        {
            return (greedy, []);
        }

        var classes = EqualColumnClasses(tables, conditions);
        var implied = ImpliedEqualities(tables, conditions, classes);
        var estimates = new JoinEstimates(tables, conjuncts, e => TablesOf(e, tables).ToList());
        var links = conditions.Concat(implied)
            .Select(c => (Condition: c, Mask: MaskOf(c, tables)))
            .Where(l => BitOperations.PopCount((uint)l.Mask) >= 2)
            .Select(l => new JoinLink(
                l.Mask,
                ClassOf(l.Condition, classes),
                estimates.JoinSelectivity(l.Condition),
                l.Condition is BoundComparison { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left.Kind: ValueKind.Integer, Right.Kind: ValueKind.Integer } c
                    ? (MaskOf(c.Left, tables), MaskOf(c.Right, tables))
                    : (0, 0)))
            .ToArray();
        var counted = new HashSet<int>();

        static bool Joins(int mask, int joined, int next) => (mask & (1 << next)) != 0 && (mask & joined) != 0 && (mask & ~(joined | (1 << next))) == 0;

        // The rows after a join depend only on which tables it joined: each condition among them counts once,
        // and equalities of one set of equal columns count once per join (the others follow from the first).
        (double Rows, double Cost) Join(int joined, double rows, int next)
        {
            var pairs = rows * estimates.Rows[next];
            var (output, hashed) = (pairs, false);
            counted.Clear();
            foreach (var link in links)
            {
                if (!Joins(link.Mask, joined, next))
                {
                    continue;
                }

                if (link.Class < 0 || counted.Add(link.Class))
                {
                    output *= link.Selectivity;
                }

                var (left, right) = link.KeySides;
                hashed |= left != 0 && right != 0
                    && (((left & ~joined) == 0 && right == 1 << next) || ((right & ~joined) == 0 && left == 1 << next));
            }

            output = Math.Max(1.0, output);
            return (output, output + (hashed ? 0 : pairs));
        }

        double OrderCost(int[] order)
        {
            var (rows, cost, joined) = (estimates.Rows[order[0]], estimates.Rows[order[0]], 1 << order[0]);
            foreach (var next in order.Skip(1))
            {
                var step = Join(joined, rows, next);
                (rows, cost, joined) = (step.Rows, cost + step.Cost, joined | (1 << next));
            }

            return cost;
        }

        var all = (1 << tables.Count) - 1;
        var best = new (double Cost, double Rows, int Last, bool Reached)[all + 1];
        for (var t = 0; t < tables.Count; t++)
        {
            best[1 << t] = (estimates.Rows[t], estimates.Rows[t], t, true);
        }

        // Masks only grow, so visiting them in increasing order sees every subset's cheapest order before extending it.
        for (var joined = 1; joined < all; joined++)
        {
            if (!best[joined].Reached)
            {
                continue;
            }

            var remaining = Enumerable.Range(0, tables.Count).Where(t => (joined & (1 << t)) == 0).ToList();
            var linked = remaining.Where(t => links.Any(l => Joins(l.Mask, joined, t))).ToList();
            foreach (var next in linked.Count > 0 ? linked : remaining)
            {
                var step = Join(joined, best[joined].Rows, next);
                var cost = best[joined].Cost + step.Cost;
                var to = joined | (1 << next);
                if (!best[to].Reached || cost < best[to].Cost)
                {
                    best[to] = (cost, step.Rows, next, true);
                }
            }
        }

        var cheapest = new int[tables.Count];
        for (var (mask, k) = (all, tables.Count - 1); k >= 0; k--)
        {
            cheapest[k] = best[mask].Last;
            mask &= ~(1 << cheapest[k]);
        }

        var order = best[all].Cost * 2 < OrderCost(greedy) ? cheapest : greedy;
        return (order, ImpliedKeysUsed(tables, conditions, implied, order));
    }

    /// <summary>
    /// For each table the order joins with no INTEGER equality of the conditions linking it to the
    /// tables before, the first implied equality that does (so it is hash-joined, not paired with every row).
    /// </summary>
    private static List<BoundExpr> ImpliedKeysUsed(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions, List<BoundExpr> implied, int[] order)
    {
        var used = new List<BoundExpr>();
        for (var k = 1; k < order.Length; k++)
        {
            var before = order.Take(k).ToHashSet();
            bool IsBefore(int column) => before.Contains(TableOf(column, tables));
            bool IsNext(int column) => IsColumnOf(tables[order[k]], column);
            if (!conditions.OfType<BoundComparison>().Any(c => IsHashKey(c, IsBefore, IsNext))
                && implied.OfType<BoundComparison>().FirstOrDefault(c => IsHashKey(c, IsBefore, IsNext)) is { } key)
            {
                used.Add(key);
            }
        }

        return used;
    }

    /// <summary>
    /// Equalities of INTEGER columns of different tables that the conditions imply but do not state
    /// (a = b and b = c give a = c; NULL equals nothing, so a row passing both passes the third), so
    /// that tables linked only through a third (tpch-q05's customer and nation through supplier) can
    /// be joined before it.
    /// </summary>
    /// <param name="classes">The conditions' <see cref="EqualColumnClasses"/>.</param>
    private static List<BoundExpr> ImpliedEqualities(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions, Dictionary<int, int> classes)
    {
        var columns = conditions.SelectMany(c => EqualColumns(c) is { } pair ? new[] { pair.Left, pair.Right } : []).DistinctBy(c => c.Index).Where(c => classes.ContainsKey(c.Index)).ToList();
        var stated = conditions.Select(EqualColumns).OfType<(BoundColumn Left, BoundColumn Right)>()
            .SelectMany(p => new[] { (p.Left.Index, p.Right.Index), (p.Right.Index, p.Left.Index) })
            .ToHashSet();
        var implied = new List<BoundExpr>();
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                var (a, b) = (columns[i], columns[j]);
                if (classes[a.Index] == classes[b.Index] && TableOf(a.Index, tables) != TableOf(b.Index, tables) && !stated.Contains((a.Index, b.Index)))
                {
                    implied.Add(new BoundComparison(ComparisonOperator.Equal, a, b));
                }
            }
        }

        return implied;
    }

    /// <summary>Each column that an INTEGER column equality between tables reads, numbered by its set of columns the equalities make equal.</summary>
    private static Dictionary<int, int> EqualColumnClasses(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions)
    {
        var parent = new Dictionary<int, int>();
        int Find(int column) => parent.TryGetValue(column, out var p) && p != column ? parent[column] = Find(p) : column;
        foreach (var (left, right) in conditions.Select(EqualColumns).OfType<(BoundColumn Left, BoundColumn Right)>())
        {
            if (TableOf(left.Index, tables) != TableOf(right.Index, tables))
            {
                parent.TryAdd(left.Index, left.Index);
                parent.TryAdd(right.Index, right.Index);
                parent[Find(left.Index)] = Find(right.Index);
            }
        }

        return parent.Keys.ToDictionary(column => column, Find);
    }

    /// <summary>The tables <paramref name="e"/> reads, one bit per FROM index.</summary>
    private static int MaskOf(BoundExpr e, IReadOnlyList<BoundTable> tables) => TablesOf(e, tables).Aggregate(0, (m, t) => m | (1 << t));

    private static int ClassOf(BoundExpr condition, Dictionary<int, int> classes) =>
        EqualColumns(condition) is { } pair && classes.TryGetValue(pair.Left.Index, out var c) ? c : -1;

    private static (BoundColumn Left, BoundColumn Right)? EqualColumns(BoundExpr condition) =>
        condition is BoundComparison { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left: BoundColumn { Kind: ValueKind.Integer } left, Right: BoundColumn { Kind: ValueKind.Integer } right }
            ? (left, right)
            : null;

    /// <summary>
    /// Greedy and connected: starting from the first FROM table, the next table is the first in FROM
    /// order that an INTEGER equality links to the tables already joined (a hash join), else the first
    /// that any condition links to them (a filtered nested loop), else the next in FROM order (a cross
    /// product nothing avoids). A FROM order that is already connected is kept as it is.
    /// </summary>
    private static int[] GreedyJoinOrder(IReadOnlyList<BoundTable> tables, List<BoundExpr> conditions)
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
