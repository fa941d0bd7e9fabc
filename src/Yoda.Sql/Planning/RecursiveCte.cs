using Yoda.Columnar.Execution;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// <c>WITH RECURSIVE t AS (initial UNION [ALL] recursive …)</c>: the initial terms give the first
/// rows; each step runs the recursive terms over the rows the previous step added (with UNION, only
/// rows never seen before are added) until a step adds none, or the compound's LIMIT is reached.
/// A recursion that runs away fails after <see cref="MaxSteps"/> steps or <see cref="MaxRows"/> rows.
/// </summary>
internal sealed class RecursiveCte(QueryContext shared, CteEntry cte)
{
    public const int MaxSteps = 100_000;

    public const long MaxRows = 10_000_000;

    private string Name => cte.Definition.Name;

    /// <summary>Whether the CTE's query names itself in the FROM clause of one of its compound terms.</summary>
    public static bool IsRecursive(CteEntry cte) =>
        cte.Definition.Query is CompoundQuery c && c.Terms.Any(t => References(t, cte.Definition.Name));

    public DerivedTable Compute()
    {
        var compound = (CompoundQuery)cte.Definition.Query;
        var first = compound.Terms.ToList().FindIndex(t => References(t, Name));
        if (first == 0)
        {
            throw new YodaException($"recursive common table expression {Name} needs a non-recursive initial SELECT before its recursive part");
        }

        var recursiveOperators = compound.Operators.Skip(first - 1).Distinct().ToList();
        if (recursiveOperators.Count != 1 || recursiveOperators[0] is not (SetOperator.Union or SetOperator.UnionAll))
        {
            throw new YodaException($"recursive common table expression {Name}: only UNION or UNION ALL may join the recursive terms (is not supported yet)");
        }

        var distinct = recursiveOperators[0] == SetOperator.Union;
        var compiler = new QueryCompiler(shared, null);
        var initial = compiler.Compile(first == 1
            ? compound.Terms[0]
            : new CompoundQuery([.. compound.Terms.Take(first)], [.. compound.Operators.Take(first - 1)], [], null, null));
        var binder = compiler.NewBinder();
        var limit = compound.Limit is null ? -1 : binder.BindLimit(compound.Limit, "LIMIT");
        var offset = compound.Offset is null ? 0 : Math.Max(0, binder.BindLimit(compound.Offset, "OFFSET"));
        var wanted = limit < 0 ? long.MaxValue : limit + offset;

        var seen = distinct ? new HashSet<object?[]>(RowValuesComparer.Instance) : null;
        if (!compound.OrderBy.IsEmpty)
        {
            return ComputeOrdered(compound, first, seen, initial, compiler, limit, offset);
        }

        var all = new List<Chunk>();
        long total = 0;
        var added = Keep(initial.Root.Execute(shared.CancellationToken), seen, ref total, wanted, all);
        var steps = 0;
        try
        {
            while (added.Count > 0 && total < wanted)
            {
                shared.CancellationToken.ThrowIfCancellationRequested();
                if (++steps > MaxSteps || total > MaxRows)
                {
                    throw new YodaException(
                        $"recursive common table expression {Name} stopped after {steps - 1:N0} steps and {total:N0} rows (at most {MaxSteps:N0} steps and {MaxRows:N0} rows)");
                }

                cte.Working = DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, added, shared.CancellationToken);
                var next = new List<Chunk>();
                foreach (var term in compound.Terms.Skip(first))
                {
                    var rows = RecursiveRows(RecursivePlan(compiler, term, initial), initial);
                    next.AddRange(Keep(rows, seen, ref total, wanted, all));
                }

                added = next;
            }
        }
        finally
        {
            cte.Working = null;
        }

        return DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, Skip(all, offset), shared.CancellationToken);
    }

    /// <summary>
    /// With ORDER BY, as SQLite: the rows wait in a <see cref="RecursiveQueue"/>; each turn takes the
    /// least, outputs it (after OFFSET rows, until LIMIT rows) and runs the recursive part over that row.
    /// </summary>
    private DerivedTable ComputeOrdered(CompoundQuery compound, int first, HashSet<object?[]>? seen, PhysicalPlan initial, QueryCompiler compiler, long limit, long offset)
    {
        var ct = shared.CancellationToken;
        var recursiveTerms = compound.Terms.Skip(first).ToList();
        var output = new List<Chunk>();
        var steps = 0;
        long added = 0;
        try
        {
            cte.Working = DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, [], ct);
            var queue = new RecursiveQueue(compound.OrderBy, [initial, .. recursiveTerms.Select(t => RecursivePlan(compiler, t, initial))]);
            foreach (var chunk in Keep(initial.Root.Execute(ct), seen, ref added, long.MaxValue, []))
            {
                queue.Add(chunk);
            }

            long skipped = 0;
            while (queue.Count > 0 && output.Count != limit)
            {
                ct.ThrowIfCancellationRequested();
                if (++steps > MaxSteps || added > MaxRows)
                {
                    throw new YodaException(
                        $"recursive common table expression {Name} stopped after {steps - 1:N0} steps and {added:N0} rows (at most {MaxSteps:N0} steps and {MaxRows:N0} rows)");
                }

                var current = queue.Take();
                if (skipped < offset)
                {
                    skipped++;
                }
                else
                {
                    output.Add(current);
                    if (output.Count == limit)
                    {
                        break;
                    }
                }

                cte.Working = DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, [current], ct);
                foreach (var term in recursiveTerms)
                {
                    foreach (var chunk in Keep(RecursiveRows(RecursivePlan(compiler, term, initial), initial), seen, ref added, long.MaxValue, []))
                    {
                        queue.Add(chunk);
                    }
                }
            }
        }
        finally
        {
            cte.Working = null;
        }

        return DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, output, ct);
    }

    /// <summary>A recursive term, planned over the current working rows; it must keep the initial select's columns and types.</summary>
    private PhysicalPlan RecursivePlan(QueryCompiler compiler, QueryExpr term, PhysicalPlan initial)
    {
        var plan = compiler.Compile(term);
        if (plan.Columns.Count != initial.Columns.Count)
        {
            throw new YodaException("SELECTs to the left and right of UNION do not have the same number of result columns");
        }

        var unified = CompoundPlanner.UnifiedColumns([initial, plan]);
        if (!unified.Select(c => c.ArrowType.TypeId).SequenceEqual(initial.Columns.Select(c => c.ArrowType.TypeId))
            && !unified.Select(c => ArrowKind(c)).SequenceEqual(initial.Kinds))
        {
            throw new YodaException($"recursive common table expression {Name} whose recursive part changes a column's type is not supported yet");
        }

        return plan;
    }

    private IEnumerable<Chunk> RecursiveRows(PhysicalPlan plan, PhysicalPlan initial) =>
        CompoundPlanner.Converted(plan, initial.Columns).Execute(shared.CancellationToken);

    private static ValueKind ArrowKind(PlannedColumn column) => ArrowColumnReader.KindOf(column.ArrowType);

    /// <summary>The rows after the first <paramref name="offset"/> (the LIMIT was applied while collecting).</summary>
    private static IEnumerable<Chunk> Skip(List<Chunk> chunks, long offset)
    {
        foreach (var chunk in chunks)
        {
            var skip = (int)Math.Min(offset, chunk.RowCount);
            offset -= skip;
            if (skip < chunk.RowCount)
            {
                yield return skip == 0 ? chunk : chunk.WithSelection(chunk.Selection[skip..]);
            }
        }
    }

    /// <summary>The rows of <paramref name="rows"/> to add (new ones only when <paramref name="seen"/> is set), up to <paramref name="wanted"/> in all.</summary>
    private static List<Chunk> Keep(IEnumerable<Chunk> rows, HashSet<object?[]>? seen, ref long total, long wanted, List<Chunk> all)
    {
        var kept = new List<Chunk>();
        foreach (var chunk in rows)
        {
            var selection = new List<int>(chunk.RowCount);
            foreach (var row in chunk.Selection)
            {
                if (total >= wanted)
                {
                    break;
                }

                if (seen is null || seen.Add(chunk.Columns.Select(c => c.GetValue(row)).ToArray()))
                {
                    selection.Add(row);
                    total++;
                }
            }

            if (selection.Count > 0)
            {
                kept.Add(chunk.WithSelection([.. selection]));
            }
        }

        all.AddRange(kept);
        return kept;
    }

    private static bool References(QueryExpr term, string name) =>
        term is SelectStatement s && s.Joins.Select(j => j.Table).Prepend(s.From).Any(t =>
            t is { Subquery: null } && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
