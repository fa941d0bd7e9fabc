using System.Collections.Immutable;
using Yoda.Sql.Ast;
using Yoda.Sql.Planning;

namespace Yoda.Sql.Binding;

/// <summary>
/// Row values <c>(a, b, …)</c>, rewritten into scalar expressions with SQLite's meaning before binding:
/// <c>=</c> and <c>IS</c> are the AND of the pairs, <c>&lt;&gt;</c> and <c>IS NOT</c> their OR,
/// <c>&lt; &lt;= &gt; &gt;=</c> compare lexicographically (the first unequal pair decides; a NULL before
/// that makes the result NULL, so <c>(1, NULL) &lt; (2, 0)</c> is 1 and <c>(1, NULL) &lt; (1, 2)</c> NULL),
/// BETWEEN is the two comparisons, an IN list the OR of equalities, <c>CASE row WHEN row</c> the
/// equalities. A row subquery <c>(SELECT x, y …)</c> gives its first row (NULLs for none), and
/// <c>row IN (SELECT x, y …)</c> is 1 when a row is equal, else NULL when a comparison is NULL, else 0.
/// Any other use is SQLite's "row value misused".
/// </summary>
internal sealed partial class Binder
{
    private const string RowColumnPrefix = "_yoda_row_";

    /// <summary>The expression with its row values rewritten at the top (a rewrite may leave another one there: a single-item IN list is one equality).</summary>
    private Expr WithoutRowValues(Expr expr)
    {
        var rewritten = RowValuesRewritten(expr);
        return ReferenceEquals(rewritten, expr) ? expr : WithoutRowValues(rewritten);
    }

    private Expr RowValuesRewritten(Expr expr) => expr switch
    {
        BinaryExpr { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Is or BinaryOperator.IsNot
            or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } b
            when IsRow(b.Left) || IsRow(b.Right) || (b.Left is SubqueryExpr l && b.Right is SubqueryExpr r && (DeclaredWidth(l.Query) ?? 1) + (DeclaredWidth(r.Query) ?? 1) > 2)
            => RowComparison(b.Operator, b.Left, b.Right),
        BetweenExpr b when IsRow(b.Operand) || IsRow(b.Low) || IsRow(b.High) => Negated(
            new BinaryExpr(BinaryOperator.And, new BinaryExpr(BinaryOperator.GreaterOrEqual, b.Operand, b.Low), new BinaryExpr(BinaryOperator.LessOrEqual, b.Operand, b.High)),
            b.Negated),
        InListExpr i when i.Operand is RowValueExpr row => Negated(RowInList(row, i.Items), i.Negated),
        InSubqueryExpr i when i.Operand is RowValueExpr row => Negated(RowInSubquery([.. row.Items], i.Query), i.Negated),
        InSubqueryExpr { Operand: SubqueryExpr q } i when DeclaredWidth(q.Query) is { } width && width > 1 =>
            Negated(RowInSubquery([.. Elements(i.Operand, width)], i.Query), i.Negated),
        CaseExpr { Operand: { } operand } c when IsRow(operand) || c.Whens.Any(w => IsRow(w.When)) =>
            new CaseExpr(null, [.. c.Whens.Select(w => new WhenClause(new BinaryExpr(BinaryOperator.Equal, operand, w.When), w.Then))], c.Else),
        _ => expr,
    };

    private static bool IsRow(Expr e) => e is RowValueExpr;

    private Expr RowComparison(BinaryOperator op, Expr left, Expr right)
    {
        var width = Math.Max(Width(left), Width(right));
        if (Width(left) != width || Width(right) != width)
        {
            throw new YodaException("row value misused");
        }

        var (a, b) = (Elements(left, width), Elements(right, width));
        var pairs = a.Zip(b, (x, y) => (X: x, Y: y)).ToList();
        return op switch
        {
            BinaryOperator.Equal or BinaryOperator.Is => All(BinaryOperator.And, pairs.Select(p => (Expr)new BinaryExpr(op, p.X, p.Y))),
            BinaryOperator.NotEqual or BinaryOperator.IsNot => All(BinaryOperator.Or, pairs.Select(p => (Expr)new BinaryExpr(op, p.X, p.Y))),
            _ => Lexicographic(op, pairs, 0),
        };
    }

    /// <summary>The first unequal pair decides (a NULL in a pair compared before it makes the result NULL); the last pair is compared with the operator itself.</summary>
    private static Expr Lexicographic(BinaryOperator op, List<(Expr X, Expr Y)> pairs, int i)
    {
        var (x, y) = pairs[i];
        if (i == pairs.Count - 1)
        {
            return new BinaryExpr(op, x, y);
        }

        var strict = op is BinaryOperator.Less or BinaryOperator.LessOrEqual ? BinaryOperator.Less : BinaryOperator.Greater;
        return new CaseExpr(null, [new WhenClause(new BinaryExpr(BinaryOperator.Equal, x, y), Lexicographic(op, pairs, i + 1))], new BinaryExpr(strict, x, y));
    }

    private Expr RowInList(RowValueExpr row, ImmutableArray<Expr> items)
    {
        foreach (var item in items)
        {
            var width = Width(item);
            if (width != row.Items.Length)
            {
                throw new YodaException($"IN(...) element has {width} term{(width == 1 ? "" : "s")} - expected {row.Items.Length}");
            }
        }

        return items.IsEmpty
            ? new LiteralExpr(0L)
            : All(BinaryOperator.Or, items.Select(item => (Expr)new BinaryExpr(BinaryOperator.Equal, row, item)));
    }

    /// <summary>1 when a row of the subquery equals the row value, else NULL when one compared NULL, else 0 (SQLite's IN).</summary>
    private Expr RowInSubquery(IReadOnlyList<Expr> row, QueryExpr query)
    {
        var width = QueryWidth(query);
        if (width != row.Count)
        {
            throw new YodaException($"sub-select returns {width} columns - expected {row.Count}");
        }

        var equal = All(BinaryOperator.And, row.Select((x, i) => (Expr)new BinaryExpr(BinaryOperator.Equal, x, new ColumnRefExpr(null, RowColumnPrefix + (i + 1)))));
        return new CaseExpr(
            null,
            [
                new WhenClause(new ExistsExpr(RowsWhere(query, width, equal)), new LiteralExpr(1L)),
                new WhenClause(new ExistsExpr(RowsWhere(query, width, new IsNullExpr(equal, false))), new LiteralExpr(null)),
            ],
            new LiteralExpr(0L));
    }

    /// <summary>The items of a row value, or one scalar subquery per column of a row subquery (its first row).</summary>
    private static IEnumerable<Expr> Elements(Expr e, int width) => e switch
    {
        RowValueExpr r => r.Items,
        SubqueryExpr q when width > 1 => Enumerable.Range(1, width).Select(i => (Expr)new SubqueryExpr(Columns(q.Query, width, new ColumnRefExpr(null, RowColumnPrefix + i), null))),
        _ => [e],
    };

    private int Width(Expr e) => e switch
    {
        RowValueExpr r => r.Items.Length,
        SubqueryExpr q => QueryWidth(q.Query),
        _ => 1,
    };

    /// <summary>The subquery's column count: from its text where no <c>*</c> hides it, else by planning it.</summary>
    private int QueryWidth(QueryExpr query) =>
        DeclaredWidth(query) ?? new Planning.QueryCompiler(shared, new Correlation(this, new CorrelationFrame())).Compile(query).Columns.Count;

    private static int? DeclaredWidth(QueryExpr query) => query switch
    {
        SelectStatement s when s.Columns.All(c => c is ExprItem) => s.Columns.Length,
        CompoundQuery c => DeclaredWidth(c.Terms[0]),
        ValuesQuery v => v.Rows[0].Length,
        WithQuery w => DeclaredWidth(w.Body),
        _ => null,
    };

    /// <summary><c>WITH _yoda_rows(_yoda_row_1, …) AS (query) SELECT * FROM _yoda_rows WHERE condition</c>, the subquery's columns by position.</summary>
    private static QueryExpr RowsWhere(QueryExpr query, int width, Expr condition) =>
        Columns(query, width, new LiteralExpr(1L), condition);

    private static QueryExpr Columns(QueryExpr query, int width, Expr item, Expr? where)
    {
        const string rows = "_yoda_rows";
        var names = Enumerable.Range(1, width).Select(i => RowColumnPrefix + i).ToImmutableArray();
        var select = new SelectStatement(false, [new ExprItem(item, null, "")], new TableRef(rows, null), where, [], null, [], null, null);
        return new WithQuery([new CommonTableExpr(rows, names, query)], false, select);
    }

    private static Expr All(BinaryOperator op, IEnumerable<Expr> terms) => terms.Aggregate((a, b) => new BinaryExpr(op, a, b));

    private static Expr Negated(Expr e, bool negated) => negated ? new UnaryExpr(UnaryOperator.Not, e) : e;
}
