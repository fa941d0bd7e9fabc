using Yoda.Columnar.Execution;
using Yoda.Sql.Ast;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>Scalar, EXISTS and IN subqueries, and the outer references of correlated ones.</summary>
internal sealed partial class Binder
{
    private BoundExpr BindSubquery(QueryExpr query, SubqueryMode mode, Expr? operand, bool negated, BindContext context)
    {
        var boundOperand = operand is null ? null : BindExpr(operand, context);
        var frame = new CorrelationFrame();
        var plan = new QueryCompiler(shared, new Correlation(this, frame)).Compile(query);
        if (mode != SubqueryMode.Exists && plan.Columns.Count != 1)
        {
            throw new YodaException($"sub-select returns {plan.Columns.Count} columns - expected 1");
        }

        var number = shared.NextSubqueryNumber();
        BoundSubquery bound = mode switch
        {
            SubqueryMode.Scalar => new BoundSubquery(mode, plan, frame, null, false, Affinity.None, number, plan.Kinds[0]),
            SubqueryMode.Exists => new BoundSubquery(mode, plan, frame, null, false, Affinity.None, number, ValueKind.Integer),
            _ => new BoundSubquery(mode, plan, frame, boundOperand, negated, CompareAffinity(boundOperand!.Affinity, plan.Columns[0].Affinity), number, ValueKind.Integer),
        };
        return bound with { Cancellation = shared.CancellationToken };
    }

    /// <summary>SQLite's sqlite3CompareAffinity: NUMERIC if either side is numeric, none if both have one, else the side that has one.</summary>
    private static Affinity CompareAffinity(Affinity left, Affinity right) =>
        left != Affinity.None && right != Affinity.None
            ? left == Affinity.Numeric || right == Affinity.Numeric ? Affinity.Numeric : Affinity.None
            : left == Affinity.None ? right : left;

    /// <summary>A column of an enclosing query, read through this subquery's correlation frame; null when no enclosing query has it.</summary>
    private BoundOuterReference? ResolveOuter(ColumnRefExpr c)
    {
        if (correlation?.Outer.ResolveForSubquery(c) is not { } outer)
        {
            return null;
        }

        return new BoundOuterReference(correlation.Frame, correlation.Frame.Register(outer), outer);
    }

    private BoundExpr? ResolveForSubquery(ColumnRefExpr c) => _scope.Resolve(c.Table, c.Column) ?? (BoundExpr?)ResolveOuter(c);

    /// <summary>An aggregate over outer columns only belongs to the enclosing query in SQLite; that is not planned yet.</summary>
    private static void RefuseOuterAggregates(IEnumerable<BoundExpr> expressions)
    {
        static bool ReadsOwnColumns(BoundExpr e) => e is BoundColumn || e.Children.Any(ReadsOwnColumns);
        static bool ReadsOuter(BoundExpr e) => e is BoundOuterReference || e.Children.Any(ReadsOuter);
        static IEnumerable<BoundAggregate> Aggregates(BoundExpr e) => e is BoundAggregate a ? [a] : e.Children.SelectMany(Aggregates);
        if (expressions.SelectMany(Aggregates).Any(a => a.Argument is { } arg && ReadsOuter(arg) && !ReadsOwnColumns(arg)))
        {
            throw new YodaException("aggregates of an enclosing query's columns inside a subquery are not supported yet");
        }
    }
}
