using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// Aggregates a subquery passes out: SQLite binds an aggregate call to the innermost query whose
/// columns its arguments and FILTER read, so one reading only enclosing queries' columns is computed
/// by that enclosing query and read inside the subquery as an outer value.
/// </summary>
internal sealed partial class Binder
{
    private static readonly HashSet<string> AggregateNames = ["count", "sum", "avg", "total", "min", "max", "group_concat", "string_agg"];

    /// <summary>The first aggregate a subquery passed out to this query (SQLite refuses those next to window functions).</summary>
    private string? _aggregateOfSubquery;

    /// <summary>
    /// A function call; an aggregate whose arguments and FILTER read only enclosing queries' columns
    /// belongs, as in SQLite, to the innermost enclosing query whose columns it reads: it is bound and
    /// computed there, and read here as an outer value (<c>SELECT (SELECT sum(t.x) FROM u) FROM t</c> is
    /// one row, the sum over t).
    /// </summary>
    private BoundExpr BindFunctionCall(FunctionCallExpr f, BindContext context)
    {
        if (correlation is null || ReadsThisQuery(f) is not false)
        {
            return BindFunction(f, context);
        }

        if (context is not (BindContext.SelectList or BindContext.Having or BindContext.OrderBy or BindContext.GroupBy))
        {
            throw new YodaException($"misuse of aggregate function {f.Name}()");
        }

        return OuterAggregate(f);
    }

    private BoundOuterReference OuterAggregate(FunctionCallExpr f)
    {
        var aggregate = correlation!.Outer.AggregateOfSubquery(f);
        return new BoundOuterReference(correlation.Frame, correlation.Frame.Register(aggregate), aggregate);
    }

    /// <summary>An aggregate a subquery passes out: this query's if it reads this query's columns, else passed further out.</summary>
    private BoundExpr AggregateOfSubquery(FunctionCallExpr f)
    {
        if (correlation is not null && ReadsThisQuery(f) == false)
        {
            return OuterAggregate(f);
        }

        _aggregateOfSubquery ??= f.Name;
        return _subqueryContext switch
        {
            BindContext.SelectList or BindContext.Having or BindContext.OrderBy => BindFunction(f, _subqueryContext.Value),
            BindContext.GroupBy => throw new YodaException("aggregate functions are not allowed in the GROUP BY clause"),
            _ => throw new YodaException($"misuse of aggregate: {f.Name}()"),
        };
    }

    /// <summary>
    /// For an aggregate call (not a window): whether its arguments and FILTER read a column of this
    /// query's FROM (true) or only enclosing queries' columns (false); null when they read no column
    /// (then it is bound where written). Columns read inside a subquery of the arguments count as
    /// SQLite's sqlite3ReferencesSrcList counts them: a column of a table the subquery itself defines
    /// reads nothing here; another one reads this query or an enclosing one (found by binding the
    /// arguments here and looking at what the subquery reads from outside).
    /// </summary>
    private bool? ReadsThisQuery(FunctionCallExpr f)
    {
        if (f.Over is not null || !AggregateNames.Contains(f.Name))
        {
            return null;
        }

        IEnumerable<Expr> roots = f.Filter is null ? f.Arguments : [.. f.Arguments, f.Filter];
        var nodes = roots.SelectMany(Nodes).ToList();
        if (nodes.Any(e => e is SubqueryExpr or ExistsExpr or InSubqueryExpr))
        {
            var bound = roots.Select(r => BindExpr(r, BindContext.SelectList)).ToList();
            return bound.Any(ReadsOwnColumns) ? true : bound.Any(ReadsOuter) ? false : null;
        }

        var columns = nodes.OfType<ColumnRefExpr>().ToList();
        return columns.Count == 0 ? null : columns.Any(c => _scope.Resolve(c.Table, c.Column).Count > 0);

        static IEnumerable<Expr> Nodes(Expr e) => ExprTree.Children(e).SelectMany(Nodes).Prepend(e);
    }

    private static bool ReadsOwnColumns(BoundExpr e) => e is BoundColumn || e.Children.Any(ReadsOwnColumns);

    private static bool ReadsOuter(BoundExpr e) => e is BoundOuterReference || e.Children.Any(ReadsOuter);

    /// <summary>What SQLite refuses: a window next to a passed-out aggregate, HAVING without aggregation.</summary>
    private void CheckAggregates(IReadOnlyList<BoundExpr> expressions, bool grouped, BoundExpr? having)
    {
        if (_aggregateOfSubquery is { } name && expressions.Any(ContainsWindow))
        {
            throw new YodaException($"misuse of aggregate: {name}()");
        }

        if (having is not null && !grouped && !expressions.Any(e => e.ContainsAggregate))
        {
            throw new YodaException("HAVING clause on a non-aggregate query");
        }
    }
}
