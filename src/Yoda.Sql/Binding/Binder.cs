using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>
/// Resolves names against the catalog snapshot, types every expression statically, applies
/// SQLite's affinity rules and folds constants (parameters are constants: their values are known).
/// </summary>
internal sealed partial class Binder(QueryContext shared, Correlation? correlation = null)
{
    private readonly IReadOnlyList<object?> _parameters = shared.Parameters;
    private readonly IReadOnlyDictionary<int, int> _parameterIndexByOffset = shared.ParameterIndexByOffset;
    private readonly HashSet<string> _aliasesBeingResolved = new(StringComparer.OrdinalIgnoreCase);
    private FromScope _scope = FromScope.Empty;
    private IReadOnlyList<SelectItem> _items = [];

    public BoundQuery Bind(SelectStatement s)
    {
        shared.CancellationToken.ThrowIfCancellationRequested();
        _items = s.Columns;
        _namedWindows = s.Windows;
        var tables = BindFrom(s);

        var outputs = s.Columns.SelectMany(BindItem).ToList();
        var where = WithSystemTime(s.Where) is { } filter ? BindExpr(filter, BindContext.Where) : null;
        EvaluateConstantTerms(where);
        // A GROUP BY term under NOCASE or RTRIM groups by its folded text; where the query shows the
        // term, it is a bare column expression (the group's first row, or the row of the only
        // min()/max()), which is what SQLite shows.
        var groupBy = s.GroupBy.Select((g, i) => ComparedValue(BindGroupTerm(g, i, outputs))).ToList();
        var having = s.Having is null ? null : BindExpr(s.Having, BindContext.Having);
        var orderBy = s.OrderBy.Select((o, i) => WithCollation(BindOrdering(o, i, outputs))).ToList();
        var isAggregate = groupBy.Count > 0 || having is not null
            || outputs.Any(o => o.Expr.ContainsAggregate) || orderBy.Any(o => o.Expr.ContainsAggregate);
        var limit = s.Limit is null ? -1 : BindLimit(s.Limit, "LIMIT");
        var offset = s.Offset is null ? 0 : Math.Max(0, BindLimit(s.Offset, "OFFSET"));
        CheckAggregates([.. outputs.Select(o => o.Expr), .. orderBy.Select(o => o.Expr), .. having is null ? [] : new[] { having }], groupBy.Count > 0, having);

        return new BoundQuery(tables, s.Distinct, outputs, where, groupBy, having, orderBy, limit, offset, isAggregate);
    }

    private IEnumerable<OutputColumn> BindItem(SelectItem item)
    {
        switch (item)
        {
            case StarItem star:
                return StarColumns(star).Select(c =>
                {
                    var value = Merged(c.Columns);
                    return new OutputColumn(c.Name, value, ArrowTypeOf(value));
                });
            case ExprItem e:
                var bound = BindExpr(e.Expr, BindContext.SelectList);
                var name = e.Alias ?? (e.Expr is ColumnRefExpr && bound is BoundColumn column ? column.Name : e.Text);
                return [new OutputColumn(name, bound, ArrowTypeOf(bound))];
            default:
                throw new YodaException($"{item.GetType().Name} is not supported yet");
        }
    }

    /// <summary>A plain column keeps its table type, as does MIN/MAX of one; computed values get Int64, Double, String or Binary.</summary>
    private static IArrowType ArrowTypeOf(BoundExpr e) => e switch
    {
        BoundColumn c => c.ArrowType,
        BoundAggregate { Function: AggregateFunction.Min or AggregateFunction.Max, Argument: BoundColumn c } => c.ArrowType,
        _ => e.Kind switch
        {
            ValueKind.Integer => Int64Type.Default,
            ValueKind.Real => DoubleType.Default,
            ValueKind.Text => StringType.Default,
            ValueKind.Dynamic => Planning.ValuesPlanner.ArrowTypeOf(ValueKind.Dynamic),
            _ => BinaryType.Default,
        },
    };

    private IEnumerable<(string Name, IReadOnlyList<BoundColumn> Columns)> StarColumns(StarItem star)
    {
        if (_scope.Tables.Count == 0)
        {
            throw new YodaException("no tables specified");
        }

        var only = star.Table is null ? null : _scope.FindTable(star.Table) ?? throw new YodaException($"no such table: {star.Table}");
        return _scope.Star(only);
    }

    /// <summary>A column, or the coalesce of the columns a FULL join's USING merged, as SQLite reads them.</summary>
    private BoundExpr Merged(IReadOnlyList<BoundColumn> columns) =>
        columns.Count == 1 ? columns[0] : Coalesce([.. columns], "coalesce");

    /// <summary>A column of a FROM table; else (unqualified, outside the SELECT list) a result alias, as SQLite allows.</summary>
    private BoundExpr BindColumn(ColumnRefExpr c, BindContext context)
    {
        var qualifiedName = c.Table is null ? c.Column : $"{c.Table}.{c.Column}";
        if (_scope.Resolve(c.Table, c.Column) is { Count: > 0 } columns)
        {
            return Merged(columns);
        }

        if (c.Table is null && context is not (BindContext.SelectList or BindContext.AggregateArgument) && TryBindAlias(c.Column, context) is { } aliased)
        {
            return aliased;
        }

        if (ResolveOuter(c) is { } outer)
        {
            return outer;
        }

        throw new YodaException($"no such column: {qualifiedName}");
    }

    private BoundExpr? TryBindAlias(string name, BindContext context)
    {
        var item = _items.OfType<ExprItem>().FirstOrDefault(i => string.Equals(i.Alias, name, StringComparison.OrdinalIgnoreCase));
        if (item is null || !_aliasesBeingResolved.Add(name))
        {
            return null;
        }

        try
        {
            return BindExpr(item.Expr, context);
        }
        finally
        {
            _aliasesBeingResolved.Remove(name);
        }
    }

    private BoundExpr BindGroupTerm(Expr term, int position, IReadOnlyList<OutputColumn> outputs)
    {
        if (OrdinalTerm.Value(term) is { } ordinal)
        {
            var output = Ordinal(ordinal, position, "GROUP BY", outputs);
            return outputs[output].Expr.ContainsAggregate
                ? throw new YodaException("aggregate functions are not allowed in the GROUP BY clause")
                : outputs[output].Expr;
        }

        return BindExpr(term, BindContext.GroupBy);
    }

    private BoundOrdering BindOrdering(OrderingTerm term, int position, IReadOnlyList<OutputColumn> outputs)
    {
        var nullsFirst = term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending);
        if (OrdinalTerm.Value(term.Expr) is { } ordinal)
        {
            var output = Ordinal(ordinal, position, "ORDER BY", outputs);
            return new BoundOrdering(outputs[output].Expr, term.Descending, nullsFirst, output);
        }

        if (term.Expr is ColumnRefExpr { Table: null } c && AliasIndex(c.Column) is { } aliasIndex)
        {
            return new BoundOrdering(outputs[aliasIndex].Expr, term.Descending, nullsFirst, aliasIndex);
        }

        var bound = BindExpr(term.Expr, BindContext.OrderBy);
        var match = outputs.Select((o, i) => (o, i)).FirstOrDefault(x => x.o.Expr.Text == bound.Text);
        return new BoundOrdering(bound, term.Descending, nullsFirst, match.o is null ? null : match.i);
    }

    private int? AliasIndex(string name)
    {
        var index = 0;
        foreach (var item in _items)
        {
            if (item is ExprItem e && string.Equals(e.Alias, name, StringComparison.OrdinalIgnoreCase))
            {
                return index;
            }

            index += item is StarItem star ? StarColumns(star).Count() : 1;
        }

        return null;
    }

    private static int Ordinal(long ordinal, int position, string clause, IReadOnlyList<OutputColumn> outputs)
    {
        if (ordinal < 1 || ordinal > outputs.Count)
        {
            var n = position + 1;
            var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
            throw new YodaException($"{n}{suffix} {clause} term out of range - should be between 1 and {outputs.Count}");
        }

        return (int)ordinal - 1;
    }

    /// <summary>
    /// The value of a LIMIT or OFFSET expression, evaluated once before the query (a subquery in it
    /// runs then). SQLite resolves it with no tables in scope, so it cannot read the query's or an
    /// enclosing query's columns, and it must be an integer or convert to one exactly (OP_MustBeInt).
    /// </summary>
    internal long BindLimit(Expr e, string clause)
    {
        var bound = new Binder(shared).BindExpr(e, BindContext.Limit);
        var value = bound is BoundConstant constant ? constant.Value : ExpressionCompiler.Evaluate(bound);
        return value switch
        {
            long l => l,
            double d when IsLimitInteger(d) => (long)d,
            string s when NumericText.TryWellFormed(s) is long l && (l != long.MinValue || NumericText.IsIntegerSummand(s, out _)) => l,
            _ => throw new YodaException($"datatype mismatch: {clause} must be an integer"),
        };
    }

    /// <summary>
    /// Whether SQLite's integer affinity (sqlite3VdbeIntegerAffinity) turns this REAL into an INTEGER:
    /// integral and strictly inside (-2^63, 2^63), so -2^63 as a REAL (also when it comes from a text) stays REAL.
    /// </summary>
    private static bool IsLimitInteger(double d) =>
        d == Math.Floor(d) && d > -9223372036854775808.0 && d < 9223372036854775808.0;
}
