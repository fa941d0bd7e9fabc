using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Ast;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// A compound select, applied left to right (SQLite gives UNION, UNION ALL, INTERSECT and EXCEPT
/// equal precedence). Column names come from the first select; each column takes one kind over all
/// terms (as for CASE branches). A distinct operation's result comes out sorted on all columns, as
/// SQLite's does; ORDER BY then sorts stably by its terms (ordinals or names of the result columns).
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
        if ((c.Operators.Any(op => op != SetOperator.UnionAll) || !c.OrderBy.IsEmpty) && terms.Any(t => t.Columns.Any(column => column.Collated)))
        {
            // Which of the equal values SQLite keeps depends on its plan.
            throw new YodaException("UNION, INTERSECT, EXCEPT and ORDER BY of a compound select under a NOCASE or RTRIM collation are not supported yet");
        }

        var inputs = terms.Select(t => Converted(t, columns)).ToList();
        var plan = inputs[0];
        for (var i = 1; i < inputs.Count; i++)
        {
            plan = c.Operators[i - 1] switch
            {
                SetOperator.UnionAll => plan is ConcatOperator concat ? new ConcatOperator([.. concat.Children, inputs[i]]) : new ConcatOperator([plan, inputs[i]]),
                var op => SortedOnAllColumns(new SetOperationOperator(plan, inputs[i], op switch
                {
                    SetOperator.Union => SetOperation.Union,
                    SetOperator.Intersect => SetOperation.Intersect,
                    _ => SetOperation.Except,
                })),
            };
        }

        plan = Ordered(c, plan, columns, terms);
        var limit = c.Limit is null ? -1 : binder.BindLimit(c.Limit, "LIMIT");
        var offset = c.Offset is null ? 0 : Math.Max(0, binder.BindLimit(c.Offset, "OFFSET"));
        if (limit >= 0 || offset > 0)
        {
            plan = new LimitOperator(plan, limit, offset);
        }

        return new PhysicalPlan(plan, columns);
    }

    /// <summary>Per column: the one kind of all terms (NULL-only columns take any), the first term's name, an Arrow type all terms share.</summary>
    public static IReadOnlyList<PlannedColumn> UnifiedColumns(IReadOnlyList<PhysicalPlan> terms)
    {
        var columns = new List<PlannedColumn>();
        for (var c = 0; c < terms[0].Columns.Count; c++)
        {
            var typed = terms.Where(t => !t.Columns[c].AlwaysNull).ToList();
            var kinds = typed.Select(t => t.Kinds[c]).Distinct().ToList();
            if (kinds.Contains(ValueKind.Dynamic))
            {
                throw new YodaException($"compound select column {c + 1} whose type varies per row is not supported yet");
            }

            var kind = kinds.Count switch
            {
                0 => terms[0].Kinds[c],
                1 => kinds[0],
                2 when kinds.All(k => k is ValueKind.Integer or ValueKind.Real) => ValueKind.Real,
                _ => throw new YodaException(
                    $"mixed-type compound select column {c + 1} ({string.Join(", ", kinds.Select(k => k.ToString().ToUpperInvariant()))}) is not supported yet"),
            };
            var arrowTypes = typed.Select(t => t.Columns[c].ArrowType).DistinctBy(t => t.TypeId).ToList();
            var arrowType = arrowTypes.Count == 1 && typed.All(t => t.Kinds[c] == kind) ? arrowTypes[0] : ValuesPlanner.ArrowTypeOf(kind);
            var affinities = terms.Select(t => t.Columns[c].Affinity).Distinct().ToList();
            columns.Add(new PlannedColumn(terms[0].Columns[c].Name, arrowType, affinities.Count == 1 ? affinities[0] : Affinity.None, typed.Count == 0)
            {
                Collation = terms[0].Columns[c].Collation,
            });
        }

        return columns;
    }

    /// <summary>The term's rows with each column cast to the compound's kind where it differs.</summary>
    public static PhysicalOperator Converted(PhysicalPlan term, IReadOnlyList<PlannedColumn> columns)
    {
        var kinds = columns.Select(c => KindOf(c.ArrowType)).ToList();
        if (term.Kinds.SequenceEqual(kinds))
        {
            return term.Root;
        }

        var expressions = kinds.Select((k, i) => term.Kinds[i] == k
            ? (VectorExpression)new ColumnExpression(i, k)
            : new CastExpression(k, new ColumnExpression(i, term.Kinds[i]))).ToArray();
        return new ProjectOperator(term.Root, expressions, columns.Select(c => c.Name).ToArray());
    }

    private static ValueKind KindOf(Apache.Arrow.Types.IArrowType type) => ArrowColumnReader.KindOf(type);

    private static SortOperator SortedOnAllColumns(PhysicalOperator plan) =>
        new(plan, plan.OutputKinds.Select((_, i) => new SortKey(i, false, true)).ToArray(), null, "[all columns]");

    private static PhysicalOperator Ordered(CompoundQuery c, PhysicalOperator plan, IReadOnlyList<PlannedColumn> columns, IReadOnlyList<PhysicalPlan> terms)
    {
        if (c.OrderBy.IsEmpty)
        {
            return plan;
        }

        var keys = c.OrderBy.Select((term, position) =>
        {
            var index = ColumnOf(term.Expr, position, columns.Count, terms);
            var nullsFirst = term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending);
            return new SortKey(index, term.Descending, nullsFirst);
        }).ToArray();
        var description = "[" + string.Join(", ", keys.Select(k => $"{columns[k.Column].Name} {(k.Descending ? "DESC" : "ASC")}")) + "]";
        return new SortOperator(plan, keys, null, description);
    }

    /// <summary>An ORDER BY term of a compound: an ordinal, or the name of a result column of the first select that has it.</summary>
    private static int ColumnOf(Expr e, int position, int count, IReadOnlyList<PhysicalPlan> terms)
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
