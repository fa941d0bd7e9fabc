using Yoda.Columnar.Execution;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// <c>WITH [RECURSIVE] t AS (initial UNION [ALL] recursive …)</c>: the initial terms give the first
/// rows; each step runs the recursive terms over the rows the previous step added (with UNION, only
/// rows never seen before are added) until a step adds none, or the compound's LIMIT is reached.
/// The recursive terms are SQLite's (withExpand): the trailing terms joined by the last operator,
/// UNION or UNION ALL, that name the CTE in their own FROM, once each; any other reference to it is
/// SQLite's error. A recursive term whose values differ in class from the initial ones makes the
/// column dynamic (each row keeps its class, as in SQLite, whose CTE columns have no declared type).
/// A recursion that runs away fails after <see cref="MaxSteps"/> steps or <see cref="MaxRows"/> rows.
/// What the recursion holds counts against the statement's memory: the rows collected (or queued) and,
/// with UNION, the rows seen, until the result is written (which counts for itself), and the working
/// table of each step until the next replaces it; each step's operators give back what they counted.
/// A recursive CTE used inside a correlated subquery is planned with that subquery's
/// <paramref name="correlation"/> only to find out whether it reads the enclosing query: that is refused.
/// </summary>
internal sealed class RecursiveCte(QueryContext shared, CteEntry cte, Correlation? correlation)
{
    public const int MaxSteps = 100_000;

    public const long MaxRows = 10_000_000;

    private static readonly HashSet<string> AggregateNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "avg", "total", "group_concat", "string_agg",
    };

    private string Name => cte.Definition.Name;

    /// <summary>Whether the CTE has recursive terms, by SQLite's rule.</summary>
    public static bool IsRecursive(CteEntry cte) => RecursiveTermCount(cte.Definition) > 0;

    /// <summary>
    /// SQLite's count of recursive terms: from the last term back, while a term is joined by the last
    /// operator (UNION or UNION ALL) and names the CTE in its own FROM. A term naming it twice there is an error.
    /// </summary>
    private static int RecursiveTermCount(CommonTableExpr definition)
    {
        if (definition.Query is not CompoundQuery { Operators: [.., SetOperator.Union or SetOperator.UnionAll] } compound)
        {
            return 0;
        }

        var count = 0;
        for (var i = compound.Terms.Length - 1; i >= 1 && compound.Operators[i - 1] == compound.Operators[^1]; i--)
        {
            var references = DirectReferences(compound.Terms[i], definition.Name);
            if (references == 0)
            {
                break;
            }

            if (references > 1)
            {
                throw new YodaException($"multiple references to recursive table: {definition.Name}");
            }

            count++;
        }

        return count;
    }

    public DerivedTable Compute()
    {
        var compound = (CompoundQuery)cte.Definition.Query;
        var first = compound.Terms.Length - RecursiveTermCount(cte.Definition);
        var recursiveTerms = compound.Terms.Skip(first).ToList();
        foreach (var term in recursiveTerms)
        {
            if (term is SelectStatement s && IsAggregate(s))
            {
                throw new YodaException("recursive aggregate queries not supported");
            }
        }

        var compiler = new QueryCompiler(shared, correlation);
        var initialPlan = compiler.Compile(first == 1
            ? compound.Terms[0]
            : new CompoundQuery([.. compound.Terms.Take(first)], [.. compound.Operators.Take(first - 1)], [], null, null));
        var binder = compiler.NewBinder();
        var limit = compound.Limit is null ? -1 : binder.BindLimit(compound.Limit, "LIMIT");
        var offset = compound.Offset is null ? 0 : Math.Max(0, binder.BindLimit(compound.Offset, "OFFSET"));
        var wanted = limit < 0 ? long.MaxValue : limit + offset;

        var (initial, collations) = Shape(initialPlan, recursiveTerms, compiler);
        if (correlation is { Frame.References.Count: > 0 })
        {
            throw new YodaException($"recursive common table expression {Name} reading an enclosing query's columns is not supported yet");
        }

        var seen = compound.Operators[^1] == SetOperator.Union ? new RecursiveDistinct(collations) : null;
        if (!compound.OrderBy.IsEmpty)
        {
            return ComputeOrdered(compound, recursiveTerms, seen, initial, compiler, limit, offset);
        }

        var all = new List<Chunk>();
        long total = 0;
        var held = compiler.Memory?.RunScope();
        var working = compiler.Memory?.RunScope();
        var steps = 0;
        try
        {
            var added = Keep(initial.Root.Execute(shared.CancellationToken), seen, ref total, wanted, all, held);
            while (added.Count > 0 && total < wanted)
            {
                shared.CancellationToken.ThrowIfCancellationRequested();
                if (++steps > MaxSteps || total > MaxRows)
                {
                    throw new YodaException(
                        $"recursive common table expression {Name} stopped after {steps - 1:N0} steps and {total:N0} rows (at most {MaxSteps:N0} steps and {MaxRows:N0} rows)");
                }

                working?.ReleaseAll();
                cte.Working = DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, added, shared.CancellationToken, working);
                var next = new List<Chunk>();
                foreach (var term in recursiveTerms)
                {
                    var rows = RecursiveRows(RecursivePlan(compiler, term, initial), initial);
                    next.AddRange(Keep(rows, seen, ref total, wanted, all, held));
                }

                added = next;
            }

            cte.Working = null;
            working?.ReleaseAll();
            return DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, Skip(all, offset), shared.CancellationToken, initial.Memory?.Statement);
        }
        finally
        {
            cte.Working = null;
            compiler.Memory?.ReleaseAll();
            working?.ReleaseAll();
            held?.ReleaseAll();
        }
    }

    /// <summary>
    /// With ORDER BY, as SQLite: the rows wait in a <see cref="RecursiveQueue"/>; each turn takes the
    /// least, outputs it (after OFFSET rows, until LIMIT rows) and runs the recursive part over that row.
    /// </summary>
    private DerivedTable ComputeOrdered(CompoundQuery compound, List<QueryExpr> recursiveTerms, RecursiveDistinct? seen, PhysicalPlan initial, QueryCompiler compiler, long limit, long offset)
    {
        var ct = shared.CancellationToken;
        var output = new List<Chunk>();
        var steps = 0;
        long added = 0;

        // The queued rows and the output (what Keep counts as it queues them; a row taken and not output is given back), and the rows seen.
        var held = compiler.Memory?.RunScope();
        try
        {
            cte.Working = DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, [], ct);
            var queue = new RecursiveQueue(compound.OrderBy, [initial, .. recursiveTerms.Select(t => RecursivePlan(compiler, t, initial))], held);
            foreach (var chunk in Keep(initial.Root.Execute(ct), seen, ref added, long.MaxValue, [], held))
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
                    held?.Release(BytesOf(current, held));
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
                    foreach (var chunk in Keep(RecursiveRows(RecursivePlan(compiler, term, initial), initial), seen, ref added, long.MaxValue, [], held))
                    {
                        queue.Add(chunk);
                    }
                }
            }

            cte.Working = null;
            return DerivedTables.FromChunks(initial, Name, cte.Definition.Columns, output, ct, initial.Memory?.Statement);
        }
        finally
        {
            cte.Working = null;
            compiler.Memory?.ReleaseAll();
            held?.ReleaseAll();
        }
    }

    /// <summary>
    /// The initial rows as the CTE holds them, and the collations its UNION compares under. Where a
    /// recursive term gives a column another class, the column becomes dynamic and the terms are planned
    /// again over it. This ends: each round turns at least one column from NULL-only to a class or from a
    /// class to dynamic, and a dynamic column stays dynamic (the initial rows are one of the unified terms).
    /// </summary>
    private (PhysicalPlan Initial, Collation[] Collations) Shape(PhysicalPlan initial, List<QueryExpr> recursiveTerms, QueryCompiler compiler)
    {
        var shape = initial;
        for (var round = 0; round <= 2 * initial.Columns.Count; round++)
        {
            cte.Working = DerivedTables.FromChunks(shape, Name, cte.Definition.Columns, [], shared.CancellationToken);
            try
            {
                List<PhysicalPlan> terms = [shape, .. recursiveTerms.Select(t => RecursivePlan(compiler, t, shape))];
                var kinds = CompoundPlanner.UnifiedKinds(terms);
                if (kinds.SequenceEqual(shape.Kinds))
                {
                    var collations = Enumerable.Range(0, shape.Columns.Count)
                        .Select(c => terms.Select(t => t.Columns[c].ExpressionCollation).FirstOrDefault(x => x is not null) ?? Collation.Binary)
                        .ToArray();
                    return (shape, collations);
                }

                shape = new PhysicalPlan(CompoundPlanner.Converted(initial.Root, initial.Kinds, kinds), CompoundPlanner.UnifiedColumns(terms));
            }
            finally
            {
                cte.Working = null;
            }
        }

        throw new InvalidOperationException($"the column types of recursive common table expression {Name} did not settle");
    }

    /// <summary>A recursive term, planned over the current working rows, which it reads once.</summary>
    private PhysicalPlan RecursivePlan(QueryCompiler compiler, QueryExpr term, PhysicalPlan initial)
    {
        cte.WorkingTaken = false;
        var plan = compiler.Compile(term);
        return plan.Columns.Count == initial.Columns.Count
            ? plan
            : throw new YodaException("SELECTs to the left and right of UNION do not have the same number of result columns");
    }

    /// <summary>One step's rows of a recursive term; what the step's operators counted is given back when it ends, so that steps do not add up.</summary>
    private IEnumerable<Chunk> RecursiveRows(PhysicalPlan plan, PhysicalPlan initial) =>
        plan.Run(shared.CancellationToken, CompoundPlanner.Converted(plan.Root, plan.Kinds, initial.Kinds));

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

    /// <summary>
    /// The rows of <paramref name="rows"/> to add (new ones only when <paramref name="seen"/> is set), up to
    /// <paramref name="wanted"/> in all; they count against <paramref name="held"/>, and so does what <paramref name="seen"/> grows by.
    /// </summary>
    private static List<Chunk> Keep(IEnumerable<Chunk> rows, RecursiveDistinct? seen, ref long total, long wanted, List<Chunk> all, QueryMemory? held)
    {
        var kept = new List<Chunk>();
        var seenBefore = seen?.HeldBytes ?? 0;
        foreach (var chunk in rows)
        {
            var selection = new List<int>(chunk.RowCount);
            foreach (var row in chunk.Selection)
            {
                if (total >= wanted)
                {
                    break;
                }

                if (seen is null || seen.Add(chunk, row))
                {
                    selection.Add(row);
                    total++;
                }
            }

            if (selection.Count > 0)
            {
                kept.Add(chunk.WithSelection([.. selection]));
                held?.Reserve(BytesOf(kept[^1], held));
            }

            held?.Reserve((seen?.HeldBytes ?? 0) - seenBefore);
            seenBefore = seen?.HeldBytes ?? 0;
        }

        all.AddRange(kept);
        return kept;
    }

    /// <summary>The bytes of a chunk's rows when <paramref name="memory"/> counts them, else 0 (not measured).</summary>
    private static long BytesOf(Chunk chunk, QueryMemory? memory) => memory is { Counts: true } ? QueryMemory.BytesOf(chunk) : 0;

    /// <summary>How many times the term's own FROM clause names the CTE (not counting subqueries).</summary>
    private static int DirectReferences(QueryExpr term, string name) =>
        term is SelectStatement s
            ? s.Joins.Select(j => j.Table).Prepend(s.From).Count(t =>
                t is { Subquery: null, SystemTime: null } && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            : 0;

    /// <summary>An aggregate query, as SQLite sees it before running it (a recursive term may not be one).</summary>
    private static bool IsAggregate(SelectStatement s) =>
        !s.GroupBy.IsEmpty || s.Having is not null || s.Columns.OfType<ExprItem>().Any(item => ExprTree.Any(item.Expr, e => e is FunctionCallExpr
        {
            Over: null,
        } f && (f.Star || AggregateNames.Contains(f.Name) || (f.Arguments.Length == 1 && f.Name.ToLowerInvariant() is "min" or "max"))));
}
