using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Sql.Ast;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>Scalar, EXISTS and IN subqueries, and the outer references of correlated ones.</summary>
internal sealed partial class Binder
{
    /// <summary>The clause of the subquery being bound: where an aggregate it passes out to this query lands.</summary>
    private BindContext? _subqueryContext;

    private BoundExpr BindSubquery(QueryExpr query, SubqueryMode mode, Expr? operand, bool negated, BindContext context)
    {
        var saved = _subqueryContext;
        _subqueryContext = context;
        try
        {
            return BindSubqueryIn(query, mode, operand, negated, context);
        }
        finally
        {
            _subqueryContext = saved;
        }
    }

    private BoundExpr BindSubqueryIn(QueryExpr query, SubqueryMode mode, Expr? operand, bool negated, BindContext context)
    {
        var boundOperand = operand is null ? null : BindExpr(operand, context);
        var frame = new CorrelationFrame();
        PhysicalPlan plan;
        Collation? foldedResult = null;
        if (mode is SubqueryMode.Exists or SubqueryMode.In && query is SelectStatement select)
        {
            var selectQuery = new Binder(shared, new Correlation(this, frame)).Bind(select);
            if (mode == SubqueryMode.In && selectQuery.Columns.Count == 1)
            {
                if (selectQuery.Limit >= 0 || selectQuery.Offset > 0)
                {
                    // The LIMIT picks rows in the subquery's own order: fold its result, not its column.
                    foldedResult = InCollation(boundOperand!, selectQuery.Columns[0].Expr);
                }
                else
                {
                    (boundOperand, selectQuery) = WithInCollation(boundOperand!, selectQuery);
                }
            }

            // The subquery's plan counts against a share of the statement's memory, given back after each run (SubqueryExpression).
            var options = shared.OptionsForRun();
            var decorrelated = mode == SubqueryMode.Exists ? Decorrelated(selectQuery, options) : DecorrelatedIn(selectQuery, boundOperand!, negated, options);
            if (decorrelated is { } semiJoin)
            {
                return semiJoin with { Number = shared.NextSubqueryNumber(), Cancellation = shared.CancellationToken };
            }

            plan = QueryPlanner.Plan(selectQuery, options);
        }
        else
        {
            plan = new QueryCompiler(shared, new Correlation(this, frame)).Compile(query);
            if (mode == SubqueryMode.In && plan.Columns.Count == 1)
            {
                // SQLite compares with the column of the last select of a compound (or the last row of VALUES).
                var right = plan.Columns[0].LastTermColumn ?? plan.Columns[0];
                foldedResult = (ExplicitCollationOf(boundOperand!) ?? right.ExplicitCollation ?? ColumnCollationOf(boundOperand!) ?? right.ExpressionCollation) switch
                {
                    (Collation.NoCase or Collation.RTrim) and var c when MayBeText(boundOperand!) && plan.Kinds[0] is ValueKind.Text or ValueKind.Dynamic => c,
                    _ => null,
                };
            }
        }

        if (foldedResult is { } collation)
        {
            boundOperand = Folded(boundOperand!, collation);
            plan = plan with { Root = new ProjectOperator(plan.Root, [CompoundPlanner.Folded(0, plan.Kinds[0], collation)], [plan.Columns[0].Name]) };
        }

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

    /// <summary>
    /// <c>EXISTS (SELECT … FROM … WHERE inner = outer AND rest)</c>, where only that equality reads
    /// the enclosing query and nothing aggregates or limits: the inner values of the rows that pass
    /// <c>rest</c> are hashed once and each outer value probed (a semi-join; NOT EXISTS an anti-join),
    /// instead of running the subquery once per outer value. Null when the shape does not fit.
    /// </summary>
    private static BoundSubquery? Decorrelated(BoundQuery q, ExecutionOptions options)
    {
        if (q.IsAggregate || q.Limit >= 0 || q.Offset > 0 || q.Where is null)
        {
            return null;
        }

        static bool ReadsOuter(BoundExpr e) => e is BoundOuterReference || e.Children.Any(ReadsOuter);
        static bool ReadsOwn(BoundExpr e) => e is BoundColumn || e.Children.Any(ReadsOwn);
        static BoundExpr? InOuterTerms(BoundExpr e) => e switch
        {
            BoundOuterReference r => r.Outer,
            BoundCast c when InOuterTerms(c.Operand) is { } operand => c with { Operand = operand },
            _ => null,
        };

        var conjuncts = Conjuncts(q.Where).ToList();
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is not BoundComparison { Operator: ComparisonOperator.Equal } equality)
            {
                continue;
            }

            var (inner, outer) = ReadsOuter(equality.Right) ? (equality.Left, equality.Right) : (equality.Right, equality.Left);
            var rest = conjuncts.Where(c => !ReferenceEquals(c, conjunct)).ToList();
            if (ReadsOuter(inner) || !ReadsOwn(inner) || ReadsOwn(outer) || InOuterTerms(outer) is not { } operand
                || rest.Any(ReadsOuter) || q.Tables.Any(t => t.On is { } on && ReadsOuter(on)))
            {
                continue;
            }

            var filtered = q with
            {
                Columns = [new OutputColumn("match", inner, ValuesPlanner.ArrowTypeOf(inner.Kind))],
                Where = rest.Count == 0 ? null : rest.Skip(1).Aggregate(rest[0], (a, b) => new BoundLogical(true, a, b)),
                OrderBy = [],
                Distinct = false,
            };
            var affinity = equality.TextAsNumber ? Affinity.Numeric : Affinity.None;
            return new BoundSubquery(SubqueryMode.ExistsMatch, QueryPlanner.Plan(filtered, options), new CorrelationFrame(), operand, false, affinity, 0, ValueKind.Integer);
        }

        return null;
    }

    /// <summary>
    /// <c>x [NOT] IN (SELECT v FROM … WHERE inner = outer AND rest)</c> where only that INTEGER equality
    /// reads the enclosing query and nothing aggregates or limits: the (inner, v) rows passing
    /// <c>rest</c> are computed once and grouped by inner value, instead of running the subquery once
    /// per outer value. Null when the shape does not fit.
    /// </summary>
    private static BoundSubquery? DecorrelatedIn(BoundQuery q, BoundExpr operand, bool negated, ExecutionOptions options)
    {
        if (q.IsAggregate || q.Limit >= 0 || q.Offset > 0 || q.Where is null || q.Columns.Count != 1)
        {
            return null;
        }

        static bool ReadsOuter(BoundExpr e) => e is BoundOuterReference || e.Children.Any(ReadsOuter);
        static bool ReadsOwn(BoundExpr e) => e is BoundColumn || e.Children.Any(ReadsOwn);
        var value = q.Columns[0].Expr;
        var conjuncts = Conjuncts(q.Where).ToList();
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is not BoundComparison { Operator: ComparisonOperator.Equal, TextAsNumber: false, Left.Kind: ValueKind.Integer, Right.Kind: ValueKind.Integer } equality)
            {
                continue;
            }

            var (inner, outer) = ReadsOuter(equality.Right) ? (equality.Left, equality.Right) : (equality.Right, equality.Left);
            var rest = conjuncts.Where(c => !ReferenceEquals(c, conjunct)).ToList();
            if (outer is not BoundOuterReference reference || ReadsOuter(inner) || !ReadsOwn(inner) || ReadsOuter(value)
                || rest.Any(ReadsOuter) || q.Tables.Any(t => t.On is { } on && ReadsOuter(on)))
            {
                continue;
            }

            var keyed = q with
            {
                Columns = [new OutputColumn("key", inner, ValuesPlanner.ArrowTypeOf(inner.Kind)), q.Columns[0]],
                Where = rest.Count == 0 ? null : rest.Skip(1).Aggregate(rest[0], (a, b) => new BoundLogical(true, a, b)),
                OrderBy = [],
                Distinct = false,
            };
            var frame = new CorrelationFrame();
            frame.Register(reference.Outer);
            return new BoundSubquery(
                SubqueryMode.InKeyed, QueryPlanner.Plan(keyed, options), frame, operand, negated, CompareAffinity(operand.Affinity, value.Affinity), 0, ValueKind.Integer);
        }

        return null;
    }

    /// <summary>
    /// <c>x IN (SELECT y …)</c> compares x with each y under SQLite's sqlite3BinaryCompareCollSeq(x, y);
    /// under NOCASE or RTRIM both sides become their folded text.
    /// </summary>
    private static (BoundExpr Operand, BoundQuery Query) WithInCollation(BoundExpr operand, BoundQuery q) =>
        InCollation(operand, q.Columns[0].Expr) is { } collation
            ? (Folded(operand, collation), q with { Columns = [q.Columns[0] with { Expr = Folded(q.Columns[0].Expr, collation) }] })
            : (operand, q);

    /// <summary>NOCASE or RTRIM when <c>x IN (SELECT y …)</c> compares texts under one (else null).</summary>
    private static Collation? InCollation(BoundExpr operand, BoundExpr value) =>
        (ExplicitCollationOf(operand) ?? ExplicitCollationOf(value) ?? ColumnCollationOf(operand) ?? ColumnCollationOf(value)) is (Collation.NoCase or Collation.RTrim) and var c
        && operand.Kind == ValueKind.Text && value.Kind == ValueKind.Text
            ? c
            : null;

    private static IEnumerable<BoundExpr> Conjuncts(BoundExpr e) =>
        e is BoundLogical { IsAnd: true } and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : [e];

    /// <summary>SQLite's sqlite3CompareAffinity: NUMERIC if either side is numeric, none if both have one, else the side that has one.</summary>
    private static Affinity CompareAffinity(Affinity left, Affinity right) =>
        left != Affinity.None && right != Affinity.None
            ? left.IsNumeric() || right.IsNumeric() ? Affinity.Numeric : Affinity.None
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

    private BoundExpr? ResolveForSubquery(ColumnRefExpr c) =>
        _scope.Resolve(c.Table, c.Column) is { Count: > 0 } columns ? Merged(columns) : ResolveOuter(c);
}
