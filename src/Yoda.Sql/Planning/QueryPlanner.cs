using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Turns a bound query into a pipeline of columnar operators:
/// FROM and WHERE (<see cref="FromPlanner"/>) → [HashAggregate → Filter(HAVING)] → [Window] → Project → [Distinct] → [Sort/TopN] → [Limit] → [LateColumns].
/// </summary>
internal static class QueryPlanner
{
    public static PhysicalPlan Plan(BoundQuery q, ExecutionOptions options)
    {
        var memory = MemoryOf(options);
        var pushdown = options.Optimizations ? ScanPushdown.Of(q, memory) : ScanPushdown.None;
        var allExpressions = q.Columns.Select(c => c.Expr)
            .Concat(q.GroupBy).Concat(q.OrderBy.Select(o => o.Expr))
            .Concat(new[] { pushdown.Remaining(q.Where), q.Having }.OfType<BoundExpr>())
            .Concat(q.Tables.Select(t => pushdown.Remaining(t.On)).OfType<BoundExpr>());
        var late = options.Optimizations ? LateColumns.Of(q) : LateColumns.None;
        var scanColumns = allExpressions.SelectMany(ColumnsOf).Where(c => !late.IsDeferred(c)).Distinct().Order().ToArray();
        var input = new ExpressionCompiler(_ => null, c => System.Array.IndexOf(scanColumns, c.Index));
        var plan = FromPlanner.Plan(q, scanColumns, input, pushdown, memory, options.Optimizations, options.EffectiveParallelism);

        var compiler = input;
        if (q.IsAggregate)
        {
            (plan, compiler) = PlanAggregation(q, plan, input, late, options, memory);
            if (q.Having is not null)
            {
                plan = new FilterOperator(plan, compiler.Compile(q.Having), q.Having.Text);
            }
        }

        (plan, compiler) = WindowPlanner.Plan(q, plan, compiler, memory);

        var hidden = q.OrderBy.Where(o => o.OutputIndex is null).Select(o => o.Expr).ToList();
        if (q.Distinct)
        {
            var carried = DistinctPlanner.CarriedTerms(q, hidden);
            var projected = q.Columns.Select(c => c.Expr).Concat(carried).ToList();
            plan = new ProjectOperator(plan, projected.Select(compiler.Compile).ToArray(), projected.Select(e => e.Text).ToArray());
            plan = DistinctPlanner.Plan(q, plan, hidden, carried, options, memory);
        }
        else
        {
            var projected = q.Columns.Select(c => c.Expr).Concat(hidden).ToList();
            plan = new ProjectOperator(plan, projected.Select(e => compiler.Compile(late.StandInOf(e) ?? e)).ToArray(), projected.Select(e => e.Text).ToArray());
        }

        plan = PlanOrderAndLimit(q, plan, options, memory);
        if (!late.IsEmpty && late.FetchesOf(q) is { Count: > 0 } fetches)
        {
            plan = new LateColumnsOperator(plan, fetches, memory);
        }
        if (hidden.Count > 0)
        {
            var visible = q.Columns.Select((c, i) => (VectorExpression)new ColumnExpression(i, c.Expr.Kind)).ToArray();
            plan = new ProjectOperator(plan, visible, q.Columns.Select(c => c.Name).ToArray());
        }

        return new PhysicalPlan(plan, q.Columns.Select(c => new PlannedColumn(c.Name, c.ArrowType, c.Expr.Affinity, c.Expr is BoundConstant { Value: null }) { Collation = Binder.IsCollatedText(c.Expr) ? Binder.CollationOf(c.Expr)!.Value : Collation.Binary, ExpressionCollation = Binder.ExpressionCollationOf(c.Expr), ExplicitCollation = Binder.ExplicitCollationOf(c.Expr), IsCast = c.Expr is BoundCast { Affinity: not Affinity.None } or BoundCast { Target: ValueKind.Blob } or BoundConstant { Affinity: not Affinity.None } }).ToList(), memory);
    }

    /// <summary>
    /// The aggregation step and a compiler for what comes after it, reading group keys, aggregates
    /// and bare columns from the aggregate's output. A bare column (neither grouped nor aggregated)
    /// takes, as in SQLite, its value from the row of the query's only min()/max(), else from the
    /// group's first row.
    /// </summary>
    /// <summary>
    /// The memory a plan's operators count against: the statement's (or the share of it of the
    /// subquery being planned, <see cref="QueryCompiler"/>), else a new one, counted with a limit,
    /// else carrying only the statement's buffers.
    /// </summary>
    public static QueryMemory? MemoryOf(ExecutionOptions options) =>
        options.Memory ?? (options.MemoryLimitBytes is not null ? new QueryMemory(options.MemoryLimitBytes, options.Buffers)
            : options.Buffers is { } buffers ? QueryMemory.Uncounted(buffers)
            : null);

    private static (PhysicalOperator, ExpressionCompiler) PlanAggregation(BoundQuery q, PhysicalOperator plan, ExpressionCompiler input, LateColumns late, ExecutionOptions options, QueryMemory? memory)
    {
        var afterwards = q.Columns.Select(c => late.StandInOf(c.Expr) ?? c.Expr).Concat(q.OrderBy.Select(o => o.Expr)).Concat(new[] { q.Having }.OfType<BoundExpr>()).ToList();
        var keys = late.KeysOf(q);
        var keyTexts = keys.Select(g => g.Text).ToList();
        var aggregates = afterwards.SelectMany(AggregatesOf).DistinctBy(a => a.Text).ToList();
        var bare = afterwards.SelectMany(e => BareColumnsOf(e, keyTexts)).DistinctBy(c => c.Index).ToList();
        var extremes = aggregates.Where(a => a.Function is AggregateFunction.Min or AggregateFunction.Max or AggregateFunction.ValueAtMin or AggregateFunction.ValueAtMax).ToList();
        var extreme = extremes.Count == 1 ? extremes[0] : null;
        // MIN/MAX(DISTINCT x) is MIN/MAX(x) (of equal values both keep the first), which merges exactly and reads storage directly.
        var specs = aggregates.Select(a => new AggregateSpec(
                a.Function,
                a.Argument is null ? null : input.Compile(a.Argument),
                a.Distinct && a.Function is not (AggregateFunction.Min or AggregateFunction.Max),
                a.Key is null ? null : input.Compile(a.Key)))
            .Concat(bare.Select(c => extreme is null
                ? new AggregateSpec(AggregateFunction.FirstValue, input.Compile(c), false)
                : new AggregateSpec(
                    extreme.Function is AggregateFunction.Max or AggregateFunction.ValueAtMax ? AggregateFunction.ValueAtMax : AggregateFunction.ValueAtMin,
                    input.Compile(c),
                    false,
                    input.Compile(extreme.Key ?? extreme.Argument!))))
            .ToArray();
        var aggregateTexts = aggregates.Select(a => a.Text).Concat(bare.Select(c => $"bare({c.Text})"));
        var description = $"HashAggregate keys=[{string.Join(", ", keyTexts)}] aggregates=[{string.Join(", ", aggregateTexts)}]";
        plan = new HashAggregateOperator(plan, keys.Select(input.Compile).ToArray(), specs, description, options.Optimizations, memory, options.EffectiveParallelism);

        int? SlotOf(BoundExpr e)
        {
            var key = keyTexts.IndexOf(e.Text);
            return e switch
            {
                BoundConstant => null,
                _ when key >= 0 => key,
                BoundAggregate a => keyTexts.Count + aggregates.FindIndex(x => x.Text == a.Text),
                BoundColumn c => keyTexts.Count + aggregates.Count + bare.FindIndex(b => b.Index == c.Index),
                _ => null,
            };
        }

        return (plan, new ExpressionCompiler(SlotOf, c => throw new InvalidOperationException($"column {c.Name} after aggregation")));
    }

    private static IEnumerable<BoundColumn> BareColumnsOf(BoundExpr e, List<string> keyTexts) => e switch
    {
        _ when keyTexts.Contains(e.Text) => [],
        BoundAggregate => [],
        BoundColumn c => [c],
        _ => e.Children.SelectMany(child => BareColumnsOf(child, keyTexts)),
    };

    private static PhysicalOperator PlanOrderAndLimit(BoundQuery q, PhysicalOperator plan, ExecutionOptions options, QueryMemory? memory)
    {
        if (q.OrderBy.Count > 0)
        {
            var hiddenIndex = q.Columns.Count;
            var keys = q.OrderBy.Select(o => new SortKey(o.OutputIndex ?? hiddenIndex++, o.Descending, o.NullsFirst)).ToArray();
            var description = "[" + string.Join(", ", q.OrderBy.Select(o =>
                $"{o.Expr.Text} {(o.Descending ? "DESC" : "ASC")} NULLS {(o.NullsFirst ? "FIRST" : "LAST")}")) + "]";
            long? budget = options.Optimizations && q.Limit >= 0 ? q.Limit + q.Offset : null;
            var scanBound = budget > 0 ? ScanBoundOf(plan, keys[0]) : null;
            plan = new SortOperator(plan, keys, budget, description, memory, scanBound);
        }

        return q.Limit >= 0 || q.Offset > 0 ? new LimitOperator(plan, q.Limit, q.Offset) : plan;
    }

    /// <summary>
    /// The top-N's first-key boundary handed down to the scan it reads (<see cref="TopNScanBound"/>): only when the
    /// sort reads stored columns as they are, straight off one table's scan, so that no filter or expression between
    /// them could fail on a row the boundary drops, and the key is a stored INTEGER or TEXT column in BINARY order
    /// (a NOCASE or RTRIM term sorts by a hidden expression, which is not a column).
    /// </summary>
    private static TopNScanBound? ScanBoundOf(PhysicalOperator input, SortKey first)
    {
        if (input is not ProjectOperator { Input: ScanOperator scan } project || project.Expressions.Any(e => e is not ColumnExpression)
            || project.Expressions[first.Column] is not ColumnExpression key)
        {
            return null;
        }

        var column = scan.Columns[key.Index];
        var stored = (scan.OutputKinds[key.Index], scan.Table.Schema.FieldsList[column].DataType.TypeId);
        if (stored is not ((ValueKind.Integer, Apache.Arrow.Types.ArrowTypeId.Int64) or (ValueKind.Text, Apache.Arrow.Types.ArrowTypeId.String)))
        {
            return null;
        }

        var bound = new TopNScanBound(column, first.Descending, first.NullsFirst);
        scan.TopNBound = bound;
        return bound;
    }

    private static IEnumerable<int> ColumnsOf(BoundExpr e) =>
        e is BoundColumn c ? [c.Index] : e.Children.SelectMany(ColumnsOf);

    private static IEnumerable<BoundAggregate> AggregatesOf(BoundExpr e) =>
        e is BoundAggregate a ? [a] : e.Children.SelectMany(AggregatesOf);
}
