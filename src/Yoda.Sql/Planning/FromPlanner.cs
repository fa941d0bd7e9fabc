using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// FROM and WHERE: a scan per table, joined left-deep in FROM order (a hash join on an INTEGER
/// equality with the tables before, else a nested loop). WHERE and inner-join ON
/// conditions are split at AND and each part is applied as soon as the last table it reads has
/// joined (inside that join for an inner join, right after it for a LEFT join, whose own ON stays
/// its join condition).
/// </summary>
internal static partial class FromPlanner
{
    /// <summary>Joined left-deep in FROM order, more tables would need a join order chosen by cost.</summary>
    private const int MaxTables = 16;

    public static PhysicalOperator Plan(BoundQuery q, int[] scanColumns, ExpressionCompiler input, ScanPushdown pushdown, QueryMemory? memory, bool optimise)
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

        if (q.Tables.Count > MaxTables)
        {
            throw new YodaException($"joins of more than {MaxTables} tables are not supported yet");
        }

        var pending = Conjuncts(q.Where).Select(c => (Part: c, Table: Math.Max(LastTable(c, q.Tables), RightJoinBefore(q.Tables, q.Tables.Count - 1))))
            .Concat(q.Tables.Select((t, i) => (t, i)).Where(x => !x.t.LeftOuter && !x.t.RightOuter)
                .SelectMany(x => Conjuncts(x.t.On).Select(c => (Part: c, Table: Math.Max(LastTable(c, q.Tables), RightJoinBefore(q.Tables, x.i))))))
            .Where(p => !pushdown.IsPushed(p.Part))
            .ToList();
        List<BoundExpr> PartsAt(int table) => pending.Where(p => p.Table == table).Select(p => p.Part).ToList();

        var budget = new JoinBudget();
        var plan = Filtered(Scan(q.Tables[0], scanColumns, pushdown.PredicatesOf(0)), PartsAt(0), input);
        for (var i = 1; i < q.Tables.Count; i++)
        {
            var t = q.Tables[i];
            var outer = t.LeftOuter || t.RightOuter;
            var parts = outer ? Conjuncts(t.On).ToList() : PartsAt(i);
            plan = t.RightOuter
                ? new ConcatOperator([Join(plan, t, Scan(t, scanColumns, pushdown.PredicatesOf(i)), scanColumns, parts, budget, input, memory, optimise: false), UnmatchedRightRows(plan, t, scanColumns, parts, budget)])
                : Join(plan, t, Scan(t, scanColumns, pushdown.PredicatesOf(i)), scanColumns, parts, budget, input, memory, optimise && !outer);
            if (outer)
            {
                plan = Filtered(plan, PartsAt(i), input);
            }
        }

        return plan;
    }

    /// <summary>A hash join on the first INTEGER equality between the tables on the left and this one, else a nested loop.</summary>
    private static PhysicalOperator Join(
        PhysicalOperator left, BoundTable t, ScanOperator right, int[] scanColumns, List<BoundExpr> parts, JoinBudget budget, ExpressionCompiler input, QueryMemory? memory, bool optimise)
    {
        var count = t.Snapshot.Schema.FieldsList.Count;
        bool IsLeft(BoundExpr e) => Columns(e).Any() && Columns(e).All(c => c < t.Offset);
        bool IsRight(BoundExpr e) => Columns(e).Any() && Columns(e).All(c => c >= t.Offset && c < t.Offset + count);
        var equality = parts.OfType<BoundComparison>().FirstOrDefault(c =>
            c is { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left.Kind: ValueKind.Integer, Right.Kind: ValueKind.Integer }
            && ((IsLeft(c.Left) && IsRight(c.Right)) || (IsRight(c.Left) && IsLeft(c.Right))));
        if (equality is null)
        {
            var condition = And(parts);
            return new NestedLoopJoinOperator(left, right, condition is null ? null : input.Compile(condition), t.LeftOuter, budget, condition is null ? string.Empty : $" on {condition.Text}", memory);
        }

        var (leftKey, rightKey) = IsLeft(equality.Left) ? (equality.Left, equality.Right) : (equality.Right, equality.Left);
        var residual = And(parts.Where(p => !ReferenceEquals(p, equality)).ToList());
        var text = $" on {equality.Text}{(residual is null ? string.Empty : $" and {residual.Text}")}";
        if (optimise)
        {
            return new SmallerSideHashJoinOperator(
                left,
                right,
                t.Snapshot.LiveRowCount,
                input.Compile(leftKey),
                RightSide(t, scanColumns).Compile(rightKey),
                residual is null ? null : input.Compile(residual),
                text,
                memory);
        }

        return new HashJoinOperator(
            left,
            right,
            input.Compile(leftKey),
            RightSide(t, scanColumns).Compile(rightKey),
            residual is null ? null : input.Compile(residual),
            t.LeftOuter,
            $" on {equality.Text}{(residual is null ? string.Empty : $" and {residual.Text}")}",
            memory);
    }

    /// <summary>Compiles expressions over the right table's own scan (its needed columns only).</summary>
    private static ExpressionCompiler RightSide(BoundTable t, int[] scanColumns)
    {
        var count = t.Snapshot.Schema.FieldsList.Count;
        var own = scanColumns.Where(g => g >= t.Offset && g < t.Offset + count).ToArray();
        return new ExpressionCompiler(_ => null, c => System.Array.IndexOf(own, c.Index));
    }

    private static ScanOperator Scan(BoundTable t, int[] scanColumns, IReadOnlyList<ScanPredicate> predicates)
    {
        var count = t.Snapshot.Schema.FieldsList.Count;
        var columns = scanColumns.Where(g => g >= t.Offset && g < t.Offset + count).Select(g => g - t.Offset).ToArray();
        return new ScanOperator(t.Snapshot, columns, predicates);
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

    /// <summary>The index of the last FROM table whose columns <paramref name="e"/> reads (0 when it reads none).</summary>
    private static int LastTable(BoundExpr e, IReadOnlyList<BoundTable> tables)
    {
        var last = 0;
        foreach (var column in Columns(e))
        {
            for (var i = tables.Count - 1; i > last; i--)
            {
                if (column >= tables[i].Offset)
                {
                    last = i;
                    break;
                }
            }
        }

        return last;
    }

    private static IEnumerable<int> Columns(BoundExpr e) => e is BoundColumn c ? [c.Index] : e.Children.SelectMany(Columns);
}
