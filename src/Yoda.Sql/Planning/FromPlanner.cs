using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// FROM and WHERE: a scan per table, joined left-deep (a hash join on an INTEGER equality with the
/// tables before, else a nested loop). Tables join in FROM order, except that a query of inner
/// joins only takes the tables in the order <see cref="JoinOrder"/> picks, which follows the join
/// predicates and, where estimates say it pays by far, the tables' filtered row counts. WHERE and inner-join ON conditions are split at AND and each part is applied as soon
/// as the last table it reads has joined (inside that join for an inner join, right after it for a
/// LEFT join, whose own ON stays its join condition); in an optimised plan a part of an inner join
/// that reads only the table being joined filters that table's rows before the join, so rows it
/// rejects are never paired (a scan tests the parts <see cref="ScanPushdown"/> takes itself).
/// </summary>
internal static partial class FromPlanner
{
    public static PhysicalOperator Plan(BoundQuery q, int[] scanColumns, ExpressionCompiler input, ScanPushdown pushdown, QueryMemory? memory, bool optimise, int parallelism)
    {
        if (q.Tables.Count == 0)
        {
            return Filtered(new SingleRowOperator(), q.Where is null ? [] : [q.Where], input);
        }

        if (q.Tables.Count == 1)
        {
            var where = pushdown.Remaining(q.Where);
            return Filtered(Scan(q.Tables[0], scanColumns, pushdown.PredicatesOf(0)), where is null ? [] : [where], input);
        }

        var allInner = q.Tables.All(t => !t.LeftOuter && !t.RightOuter);
        var conjuncts = Conjuncts(q.Where).Select(c => (Part: c, After: RightJoinBefore(q.Tables, q.Tables.Count - 1)))
            .Concat(q.Tables.Select((t, i) => (t, i)).Where(x => !x.t.LeftOuter && !x.t.RightOuter)
                .SelectMany(x => Conjuncts(x.t.On).Select(c => (Part: c, After: RightJoinBefore(q.Tables, x.i)))))
            .ToList();
        var conditions = conjuncts.Where(p => !pushdown.IsPushed(p.Part)).ToList();
        var (order, implied) = optimise && allInner
            ? JoinOrder(q.Tables, conditions.Select(c => c.Part).ToList(), conjuncts.Select(c => c.Part).ToList())
            : (Enumerable.Range(0, q.Tables.Count).ToArray(), new List<BoundExpr>());
        conditions.AddRange(implied.Select(e => (Part: e, After: 0)));
        var step = new int[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            step[order[k]] = k;
        }

        var pending = conditions.Select(c => (c.Part, Step: Math.Max(TablesOf(c.Part, q.Tables).Select(t => step[t]).DefaultIfEmpty(0).Max(), c.After))).ToList();
        List<BoundExpr> PartsAt(int k) => pending.Where(p => p.Step == k).Select(p => p.Part).ToList();

        // The columns read after the joins, and by the conditions of each step: with inner joins only, a join outputs no other.
        var readAfterFrom = optimise && allInner ? ReadAfterFrom(q) : null;
        HashSet<int>? ReadAfter(int k) => readAfterFrom is null ? null : [.. readAfterFrom, .. pending.Where(p => p.Step > k).SelectMany(p => Columns(p.Part))];

        var layout = new JoinLayout(scanColumns, q.Tables[order[0]]);
        var plan = Filtered(Scan(q.Tables[order[0]], scanColumns, pushdown.PredicatesOf(order[0])), PartsAt(0), layout.Compiler);
        for (var k = 1; k < order.Length; k++)
        {
            var t = q.Tables[order[k]];
            var before = layout;
            var joined = layout.With(t);
            var outer = t.LeftOuter || t.RightOuter;
            var parts = outer ? Conjuncts(t.On).ToList() : PartsAt(k);
            var own = optimise && !outer ? parts.Where(p => TablesOf(p, q.Tables).SequenceEqual([order[k]])).ToList() : [];

            // Rows the runtime filter drops would never reach the table's own conjuncts, which may fail on a row SQLite reads (M9).
            var probeKeys = optimise && !outer && own.Count == 0 ? ProbeKeys(t, parts, before) : null;
            var right = Scan(t, scanColumns, probeKeys is null ? pushdown.PredicatesOf(order[k]) : WithProbeKeys(t, pushdown.PredicatesOf(order[k]), probeKeys));
            if (optimise && !outer)
            {
                right = Filtered(right, own, RightSide(t, joined.Columns));
                parts = parts.Except(own).ToList();
            }
            (plan, layout) = t.RightOuter
                ? (new ConcatOperator([Join(plan, t, right, before, joined, parts, memory, parallelism, optimise: false).Plan, UnmatchedRightRows(plan, t, scanColumns, parts, memory)]), joined)
                : Join(plan, t, right, before, joined, parts, memory, parallelism, optimise && !outer, probeKeys, ReadAfter(k));
            if (outer)
            {
                plan = Filtered(plan, PartsAt(k), layout.Compiler);
            }
        }

        return layout.InFromOrder(plan);
    }

    /// <summary>
    /// A hash join on the first INTEGER equality between the tables joined so far and this one, else a nested loop;
    /// and the layout of its rows. An optimised hash join given <paramref name="readAfter"/> outputs only those columns
    /// (and those its residual reads): tpch-q05's lineitem and supplier joins output six of their twelve and fourteen columns.
    /// </summary>
    private static (PhysicalOperator Plan, JoinLayout Layout) Join(
        PhysicalOperator left, BoundTable t, PhysicalOperator right, JoinLayout before, JoinLayout after, List<BoundExpr> parts, QueryMemory? memory, int parallelism, bool optimise,
        JoinKeyFilter? probeKeys = null, HashSet<int>? readAfter = null)
    {
        var equality = HashEquality(t, parts, before);
        if (equality is null)
        {
            var condition = And(parts);
            return (new NestedLoopJoinOperator(left, right, condition is null ? null : after.Compiler.Compile(condition), t.LeftOuter, condition is null ? string.Empty : $" on {condition.Text}", memory), after);
        }

        var (leftKey, rightKey) = Columns(equality.Left).All(before.Contains) ? (equality.Left, equality.Right) : (equality.Right, equality.Left);
        var residual = And(parts.Where(p => !ReferenceEquals(p, equality)).ToList());
        var text = $" on {equality.Text}{(residual is null ? string.Empty : $" and {residual.Text}")}";
        if (optimise)
        {
            var kept = readAfter is null ? after : after.Keeping(readAfter.Concat(residual is null ? [] : Columns(residual)).ToHashSet(), [.. left.OutputKinds, .. right.OutputKinds]);
            return (new SmallerSideHashJoinOperator(
                left,
                right,
                t.Snapshot.LiveRowCount,
                before.Compiler.Compile(leftKey),
                RightSide(t, after.Columns).Compile(rightKey),
                residual is null ? null : kept.Compiler.Compile(residual),
                text,
                memory,
                probeKeys,
                parallelism,
                ReferenceEquals(kept, after) ? null : kept.Columns.Select(after.PositionOf).ToArray()), kept);
        }

        return (new HashJoinOperator(
            left,
            right,
            before.Compiler.Compile(leftKey),
            RightSide(t, after.Columns).Compile(rightKey),
            residual is null ? null : after.Compiler.Compile(residual),
            t.LeftOuter,
            text,
            memory,
            parallelism), after);
    }

    /// <summary>The columns the query reads after its joins: in its result, GROUP BY, ORDER BY and HAVING.</summary>
    private static HashSet<int> ReadAfterFrom(BoundQuery q) =>
        [.. q.Columns.Select(c => c.Expr).Concat(q.GroupBy).Concat(q.OrderBy.Select(o => o.Expr)).Concat(new[] { q.Having }.OfType<BoundExpr>()).SelectMany(Columns)];

    private static BoundComparison? HashEquality(BoundTable t, List<BoundExpr> parts, JoinLayout before) =>
        parts.OfType<BoundComparison>().FirstOrDefault(c => IsHashKey(c, before.Contains, column => IsColumnOf(t, column)));

    /// <summary>
    /// A runtime filter for <paramref name="t"/>'s scan when its side of the hash key is one of its
    /// stored INTEGER columns: the join hands it the other side's keys when it builds on them.
    /// </summary>
    private static JoinKeyFilter? ProbeKeys(BoundTable t, List<BoundExpr> parts, JoinLayout before)
    {
        if (t.Correlated is not null || HashEquality(t, parts, before) is not { } equality)
        {
            return null;
        }

        var key = Columns(equality.Left).All(before.Contains) ? equality.Right : equality.Left;
        return key is BoundColumn column && t.Snapshot.Schema.FieldsList[column.Index - t.Offset].DataType is Apache.Arrow.Types.Int64Type
            ? new JoinKeyFilter(column.Index - t.Offset, $"{column.Text} IN (keys of the join)")
            : null;
    }

    /// <summary>
    /// The scan's own predicates with the join's key filter after the leading comparisons of numbers
    /// (SIMD tests on a row mask, cheaper per row than a key lookup) and before the rest (text
    /// comparisons, IN lists, LIKE: dearer per row than the lookup, which drops first the many rows a
    /// selective join has no partner for; tpch-q03's lineitem dates). The filter tests a row mask too,
    /// so the comparisons after it stay on the mask. The order changes no answer: scan predicates
    /// cannot fail. An IN subquery's set (<see cref="IntegerSetPredicate"/>) right after the numeric
    /// comparisons goes before the filter too: it is as cheap per row and usually the more selective
    /// (tpch-q18's orders: ~60 of 150K rows), and the filter is no SQL condition whose order matters.
    /// So do text equalities and inequalities that read every segment of their column through its
    /// dictionary codes (<see cref="CodedTextEquality"/>), after those.
    /// </summary>
    private static List<ScanPredicate> WithProbeKeys(BoundTable t, IReadOnlyList<ScanPredicate> own, JoinKeyFilter probeKeys)
    {
        var numeric = own.TakeWhile(p => p is IntegerSetPredicate || (p is ComparisonPredicate
            && t.Snapshot.Schema.FieldsList[p.Column].DataType is Apache.Arrow.Types.Int64Type or Apache.Arrow.Types.DoubleType)).Count();
        var rest = own.Skip(numeric).ToList();
        var coded = rest.Where(p => CodedTextEquality(t, p)).ToList();
        return [.. own.Take(numeric), .. coded, probeKeys, .. rest.Except(coded)];
    }

    /// <summary>
    /// A text <c>=</c> or <c>&lt;&gt;</c> whose column every segment holds dictionary-coded: one code passes or fails,
    /// so it compares the rows' 16-bit codes with it, 32 rows per SIMD compare, far cheaper than the key lookup,
    /// which then reads only the rows it keeps (tpch-q10's <c>l_returnflag = 'R'</c> keeps a quarter of lineitem).
    /// A range or IN list of several texts looks each row's code up in a table, about what the key lookup costs:
    /// it stays after the key filter, which drops most rows first (tpch-q03's <c>l_shipdate</c> range keeps half of
    /// lineitem, the key filter a tenth; measured 16% dearer the other way). Codes are made on a column's second
    /// filtered read: a first run keeps the key filter first.
    /// </summary>
    private static bool CodedTextEquality(BoundTable t, ScanPredicate p) =>
        p is ComparisonPredicate { Operator: ComparisonOperator.Equal or ComparisonOperator.NotEqual }
        && t.Snapshot.Schema.FieldsList[p.Column].DataType is Apache.Arrow.Types.StringType
        && t.Snapshot.Segments.Length > 0
        && t.Snapshot.Segments.All(s => p.HasMaskKernel(s.Batch.Column(p.Column)));

    /// <summary>An INTEGER equality with one side reading only columns <paramref name="isLeft"/> accepts, the other only columns <paramref name="isRight"/> accepts.</summary>
    private static bool IsHashKey(BoundComparison c, Func<int, bool> isLeft, Func<int, bool> isRight)
    {
        if (c is not { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left.Kind: ValueKind.Integer, Right.Kind: ValueKind.Integer })
        {
            return false;
        }

        bool Reads(BoundExpr e, Func<int, bool> side) => Columns(e).Any() && Columns(e).All(side);
        return (Reads(c.Left, isLeft) && Reads(c.Right, isRight)) || (Reads(c.Left, isRight) && Reads(c.Right, isLeft));
    }

    private static bool IsColumnOf(BoundTable t, int column) => column >= t.Offset && column < t.Offset + t.Snapshot.Schema.FieldsList.Count;

    /// <summary>Compiles expressions over the right table's own scan (its needed columns only).</summary>
    private static ExpressionCompiler RightSide(BoundTable t, IReadOnlyList<int> joinedColumns)
    {
        var count = t.Snapshot.Schema.FieldsList.Count;
        var own = joinedColumns.Where(g => g >= t.Offset && g < t.Offset + count).ToArray();
        return new ExpressionCompiler(_ => null, c => System.Array.IndexOf(own, c.Index));
    }

    private static PhysicalOperator Scan(BoundTable t, int[] scanColumns, IReadOnlyList<ScanPredicate> predicates)
    {
        var count = t.Snapshot.Schema.FieldsList.Count;
        var columns = scanColumns.Where(g => g >= t.Offset && g < t.Offset + count).Select(g => g - t.Offset).ToArray();
        return t.Correlated is { } source ? source.Scan(columns) : new ScanOperator(t.Snapshot, columns, predicates);
    }

    private static PhysicalOperator Filtered(PhysicalOperator plan, List<BoundExpr> parts, ExpressionCompiler input) =>
        And(parts) is { } predicate ? new FilterOperator(plan, input.Compile(predicate), predicate.Text) : plan;

    private static BoundExpr? And(List<BoundExpr> parts) =>
        parts.Count == 0 ? null : parts.Skip(1).Aggregate(parts[0], (a, b) => new BoundLogical(true, a, b));

    private static IEnumerable<BoundExpr> Conjuncts(BoundExpr? e) => e switch
    {
        null => [],
        BoundLogical { IsAnd: true } and => Conjuncts(and.Left).Concat(Conjuncts(and.Right)),
        _ => [e],
    };

    /// <summary>The FROM indexes of the tables whose columns <paramref name="e"/> reads.</summary>
    private static IEnumerable<int> TablesOf(BoundExpr e, IReadOnlyList<BoundTable> tables) =>
        Columns(e).Select(column => TableOf(column, tables)).Distinct();

    private static int TableOf(int column, IReadOnlyList<BoundTable> tables)
    {
        var i = tables.Count - 1;
        while (i > 0 && column < tables[i].Offset)
        {
            i--;
        }

        return i;
    }

    private static IEnumerable<int> Columns(BoundExpr e) => e is BoundColumn c ? [c.Index] : e.Children.SelectMany(Columns);
}
