using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// A compound select, applied left to right (SQLite gives UNION, UNION ALL, INTERSECT and EXCEPT
/// equal precedence). Column names come from the first select. A column whose terms differ in kind
/// is dynamic: each row keeps its own term's class, as in SQLite. Each column compares under the
/// collation of the left-most select whose column expression has one (SQLite's multiSelectCollSeq),
/// among the selects up to the last distinct operator for UNION, INTERSECT and EXCEPT, among all for
/// ORDER BY (where SQLite's plan differs, docs/sql-semantics.md, deliberate difference 4); the terms carry the folded text of NOCASE/RTRIM columns as hidden key columns. A distinct
/// operation's result comes out sorted on all columns under their collations, as SQLite's does;
/// ORDER BY then sorts stably by its terms (ordinals or names of the result columns, each under its
/// own COLLATE or the column's collation).
/// </summary>
internal sealed class CompoundPlanner(QueryCompiler compiler, Binder binder)
{
    public PhysicalPlan Plan(CompoundQuery c)
    {
        var terms = c.Terms.Select(compiler.Compile).ToList();
        for (var i = 1; i < terms.Count; i++)
        {
            if (terms[i].Columns.Count != terms[0].Columns.Count)
            {
                throw new YodaException($"SELECTs to the left and right of {Name(c.Operators[i - 1])} do not have the same number of result columns");
            }
        }

        var columns = UnifiedColumns(terms);
        var kinds = UnifiedKinds(terms);
        var collations = Collations(terms);
        // Each distinct operation compares under the collation of the left-most select, up to the last
        // distinct operator, whose column has one: SQLite's multiSelectCollSeq over the part of the chain
        // its ephemeral tables serve (selects after the last distinct operator are appended by UNION ALL).
        var lastDistinct = c.Operators.ToList().FindLastIndex(op => op != SetOperator.UnionAll);
        var setCollations = Collations([.. terms.Take(lastDistinct + 2)]);
        var folded = Enumerable.Range(0, columns.Count).Where(i => setCollations[i] != Collation.Binary && kinds[i] is ValueKind.Text or ValueKind.Dynamic).ToList();
        var keys = Enumerable.Range(0, columns.Count).Select(i => folded.Contains(i) ? columns.Count + folded.IndexOf(i) : i).ToArray();
        var keyed = folded.Count > 0 || kinds.Contains(ValueKind.Dynamic);
        var inputs = terms.Select(t => WithFoldedKeys(Converted(t.Root, t.Kinds, kinds), kinds, folded.Select(i => (i, setCollations[i])))).ToList();
        var plan = inputs[0];
        var memory = QueryPlanner.MemoryOf(compiler.Options);
        for (var i = 1; i < inputs.Count; i++)
        {
            plan = c.Operators[i - 1] switch
            {
                SetOperator.UnionAll => plan is ConcatOperator concat ? new ConcatOperator([.. concat.Children, inputs[i]]) : new ConcatOperator([plan, inputs[i]]),
                var op => SortedOn(keys, keyed
                    ? new KeyedSetOperationOperator(plan, inputs[i], SetOperationOf(op), keys, memory)
                    : new SetOperationOperator(plan, inputs[i], SetOperationOf(op), memory)),
            };
        }

        plan = Ordered(c, plan, columns, kinds, collations, terms);
        if (plan.OutputKinds.Count > columns.Count)
        {
            plan = new ProjectOperator(plan, kinds.Select((k, i) => new ColumnExpression(i, k)).ToArray(), columns.Select(column => column.Name).ToArray());
        }

        var limit = c.Limit is null ? -1 : binder.BindLimit(c.Limit, "LIMIT");
        var offset = c.Offset is null ? 0 : Math.Max(0, binder.BindLimit(c.Offset, "OFFSET"));
        if (limit >= 0 || offset > 0)
        {
            plan = new LimitOperator(plan, limit, offset);
        }

        return new PhysicalPlan(plan, columns);
    }

    /// <summary>
    /// Per column: the first term's name, an Arrow type all terms share (a dynamic column's is decided
    /// from its values), the terms' common affinity, and the first term's collation (which a query
    /// reading the compound as a subquery compares under, as SQLite does).
    /// </summary>
    public static IReadOnlyList<PlannedColumn> UnifiedColumns(IReadOnlyList<PhysicalPlan> terms)
    {
        var kinds = UnifiedKinds(terms);
        var columns = new List<PlannedColumn>();
        for (var c = 0; c < terms[0].Columns.Count; c++)
        {
            var typed = terms.Where(t => !t.Columns[c].AlwaysNull).ToList();
            var arrowTypes = typed.Select(t => t.Columns[c].ArrowType).DistinctBy(t => t.TypeId).ToList();
            var arrowType = arrowTypes.Count == 1 && typed.All(t => t.Kinds[c] == kinds[c]) ? arrowTypes[0] : ValuesPlanner.ArrowTypeOf(kinds[c]);
            var affinity = AffinityOf(terms, c);
            columns.Add(new PlannedColumn(terms[0].Columns[c].Name, arrowType, affinity, typed.Count == 0)
            {
                SubqueryAffinityClass = affinity == Affinity.Real && kinds[c] == ValueKind.Dynamic ? ValueKind.Real : null,
                Collation = terms[0].Columns[c].Collation,
                ExpressionCollation = terms[0].Columns[c].ExpressionCollation,
                ExplicitCollation = terms[0].Columns[c].ExplicitCollation,
                LastTermColumn = terms[^1].Columns[c].LastTermColumn ?? terms[^1].Columns[c],
            });
        }

        return columns;
    }

    /// <summary>
    /// SQLite's affinity of a compound column (sqlite3SubqueryColumnTypes): that of the first select (from
    /// the left) whose column has one, none when it is TEXT and another select may give a number, or
    /// numeric and another may give text; REAL is numeric without REAL's conversion when the first select's column is a CAST (SQLite's FLEXNUM).
    /// </summary>
    private static Affinity AffinityOf(IReadOnlyList<PhysicalPlan> terms, int c)
    {
        var first = terms.ToList().FindIndex(t => t.Columns[c].Affinity != Affinity.None);
        if (first < 0)
        {
            return Affinity.None;
        }

        var others = terms.Where((t, i) => i != first && !t.Columns[c].AlwaysNull).Select(t => t.Kinds[c]).ToList();
        return terms[first].Columns[c].Affinity switch
        {
            Affinity.Text when others.Any(k => k is ValueKind.Integer or ValueKind.Real or ValueKind.Dynamic) => Affinity.None,
            Affinity.Numeric or Affinity.Real when others.Any(k => k is ValueKind.Text or ValueKind.Dynamic) => Affinity.None,
            Affinity.Real when terms[0].Columns[c].IsCast => Affinity.Numeric,
            var affinity => affinity,
        };
    }

    /// <summary>
    /// The plan's rows as a query reads them from it as a subquery: a compound column of REAL affinity
    /// whose rows mix INTEGERs and REALs gives its INTEGERs as REALs (SQLite's OP_RealAffinity on reading a
    /// REAL column); INTEGER affinity leaves REALs as they are.
    /// </summary>
    public static PhysicalPlan WithSubqueryAffinities(PhysicalPlan plan)
    {
        if (plan.Columns.All(c => c.SubqueryAffinityClass is null))
        {
            return plan;
        }

        var expressions = plan.Columns.Select((column, i) => column.SubqueryAffinityClass switch
        {
            ValueKind.Real => new RowFunctionExpression(ValueKind.Dynamic, [new ColumnExpression(i, ValueKind.Dynamic)], v => v[0] is long l ? (double)l : v[0]),
            _ => (VectorExpression)new ColumnExpression(i, plan.Kinds[i]),
        }).ToArray();
        return plan with { Root = new ProjectOperator(plan.Root, expressions, plan.Columns.Select(c => c.Name).ToArray()) };
    }

    /// <summary>Per column, the collation the compound compares under: the left-most term's that has one (SQLite's multiSelectCollSeq), else BINARY.</summary>
    private static Collation[] Collations(IReadOnlyList<PhysicalPlan> terms) =>
        Enumerable.Range(0, terms[0].Columns.Count)
            .Select(c => terms.Select(t => t.Columns[c].ExpressionCollation).FirstOrDefault(x => x is not null) ?? Collation.Binary)
            .ToArray();

    /// <summary>Per column: the one kind of all terms (NULL-only columns take any), else dynamic.</summary>
    internal static ValueKind[] UnifiedKinds(IReadOnlyList<PhysicalPlan> terms) =>
        Enumerable.Range(0, terms[0].Columns.Count).Select(c =>
        {
            var kinds = terms.Where(t => !t.Columns[c].AlwaysNull).Select(t => t.Kinds[c]).Distinct().ToList();
            return kinds.Count switch
            {
                0 => terms[0].Kinds[c],
                1 => kinds[0],
                _ => ValueKind.Dynamic,
            };
        }).ToArray();

    /// <summary>The term's rows with each column cast to the compound's kind where it differs.</summary>
    public static PhysicalOperator Converted(PhysicalPlan term, IReadOnlyList<PlannedColumn> columns) =>
        Converted(term.Root, term.Kinds, columns.Select(c => ArrowColumnReader.KindOf(c.ArrowType)).ToList());

    /// <summary>Each column as the compound's kind: as it is where equal, per row (each value keeping its class) for a dynamic column, else cast (a NULL-only term).</summary>
    internal static PhysicalOperator Converted(PhysicalOperator root, IReadOnlyList<ValueKind> termKinds, IReadOnlyList<ValueKind> kinds)
    {
        if (termKinds.SequenceEqual(kinds))
        {
            return root;
        }

        var expressions = kinds.Select((k, i) => termKinds[i] == k
            ? new ColumnExpression(i, k)
            : k == ValueKind.Dynamic
                ? new RowFunctionExpression(k, [new ColumnExpression(i, termKinds[i])], v => v[0])
                : (VectorExpression)new CastExpression(k, new ColumnExpression(i, termKinds[i]))).ToArray();
        return new ProjectOperator(root, expressions, kinds.Select((_, i) => $"column{i + 1}").ToArray());
    }

    /// <summary>The rows with the folded text of the given columns appended (the keys they compare and sort by).</summary>
    private static PhysicalOperator WithFoldedKeys(PhysicalOperator plan, IReadOnlyList<ValueKind> kinds, IEnumerable<(int Column, Collation Collation)> folded)
    {
        var extra = folded.Select(f => Folded(f.Column, kinds[f.Column], f.Collation)).ToList();
        return extra.Count == 0
            ? plan
            : new ProjectOperator(plan, [.. kinds.Select((k, i) => new ColumnExpression(i, k)), .. extra], [.. kinds.Select((_, i) => $"column{i + 1}"), .. extra.Select((_, i) => $"key{i + 1}")]);
    }

    /// <summary>Text whose BINARY order is the collation's (NOCASE: ASCII lower case; RTRIM: without trailing spaces); numbers stay as they are.</summary>
    public static VectorExpression Folded(int column, ValueKind kind, Collation collation) => new RowFunctionExpression(
        kind,
        [new ColumnExpression(column, kind)],
        collation == Collation.NoCase
            ? v => v[0] is string s ? TextKernels.AsciiLower(s) : v[0]
            : v => v[0] is string s ? s.TrimEnd(' ') : v[0]);

    private static SetOperation SetOperationOf(SetOperator op) => op switch
    {
        SetOperator.Union => SetOperation.Union,
        SetOperator.Intersect => SetOperation.Intersect,
        _ => SetOperation.Except,
    };

    private static SortOperator SortedOn(IReadOnlyList<int> keys, PhysicalOperator plan) =>
        new(plan, keys.Select(i => new SortKey(i, false, true)).ToArray(), null, "[all columns]");

    /// <summary>
    /// A stable sort by the ORDER BY terms, each under its COLLATE or its column's collation (a folded
    /// text column is appended for each term that needs one).
    /// </summary>
    private static PhysicalOperator Ordered(CompoundQuery c, PhysicalOperator plan, IReadOnlyList<PlannedColumn> columns, IReadOnlyList<ValueKind> kinds, IReadOnlyList<Collation> collations, IReadOnlyList<PhysicalPlan> terms)
    {
        if (c.OrderBy.IsEmpty)
        {
            return plan;
        }

        var width = plan.OutputKinds.Count;
        var extra = new List<VectorExpression>();
        var keys = c.OrderBy.Select((term, position) =>
        {
            var (expr, explicitCollation) = term.Expr is CollateExpr collate ? (collate.Operand, Binder.CollationNamed(collate.Collation)) : (term.Expr, (Collation?)null);
            var index = ColumnOf(expr, position, columns.Count, terms);
            var collation = explicitCollation ?? collations[index];
            if (collation != Collation.Binary && kinds[index] is ValueKind.Text or ValueKind.Dynamic)
            {
                extra.Add(Folded(index, kinds[index], collation));
                index = width + extra.Count - 1;
            }

            var nullsFirst = term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending);
            return new SortKey(index, term.Descending, nullsFirst);
        }).ToArray();
        if (extra.Count > 0)
        {
            plan = new ProjectOperator(plan, [.. plan.OutputKinds.Select((k, i) => new ColumnExpression(i, k)), .. extra], [.. plan.OutputKinds.Select((_, i) => $"column{i + 1}"), .. extra.Select((_, i) => $"order{i + 1}")]);
        }

        var description = "[" + string.Join(", ", c.OrderBy.Select((t, i) => $"{columns[ColumnOf(t.Expr is CollateExpr x ? x.Operand : t.Expr, i, columns.Count, terms)].Name} {(t.Descending ? "DESC" : "ASC")}")) + "]";
        return new SortOperator(plan, keys, null, description);
    }

    /// <summary>An ORDER BY term of a compound (or of a recursive CTE): an ordinal, or the name of a result column of the first select that has it.</summary>
    internal static int ColumnOf(Expr e, int position, int count, IReadOnlyList<PhysicalPlan> terms)
    {
        var n = position + 1;
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        if (OrdinalTerm.Value(e) is { } ordinal)
        {
            return ordinal >= 1 && ordinal <= count
                ? (int)ordinal - 1
                : throw new YodaException($"{n}{suffix} ORDER BY term out of range - should be between 1 and {count}");
        }

        if (e is ColumnRefExpr { Table: null } column)
        {
            foreach (var term in terms)
            {
                var index = term.Columns.Select(c => c.Name).ToList().FindIndex(name => string.Equals(name, column.Column, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return index;
                }
            }
        }

        throw new YodaException($"{n}{suffix} ORDER BY term does not match any column in the result set");
    }

    private static string Name(SetOperator op) => op switch
    {
        SetOperator.UnionAll => "UNION ALL",
        _ => op.ToString().ToUpperInvariant(),
    };
}
