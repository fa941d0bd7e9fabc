using System.Collections.Immutable;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// A VALUES list whose rows read an enclosing query's columns, as SQLite runs it (sqlite3MultiValues
/// falls back to a compound): a UNION ALL of one SELECT per row. The first row names the columns, as
/// SQLite's sqlite3ColumnsFromExprList does: a column reference (under COLLATE) gives its column's
/// name, anything else <c>columnN</c>; the columns take the first row's affinities.
/// </summary>
internal static class ValuesAsSelects
{
    public static bool Contains(QueryExpr query) =>
        query is ValuesQuery || (query is CompoundQuery compound && compound.Terms.Any(t => t is ValuesQuery));

    public static QueryExpr Rewrite(QueryExpr query) => query switch
    {
        ValuesQuery values => Compound(values),
        CompoundQuery compound => RewriteTerms(compound),
        _ => query,
    };

    /// <summary>
    /// A VALUES list that starts a compound joins it row by row; a later one is one term, a subquery
    /// (SQLite's parser wraps it so: <c>a UNION VALUES (x), (y)</c> is <c>a UNION (x UNION ALL y)</c>).
    /// </summary>
    private static CompoundQuery RewriteTerms(CompoundQuery compound)
    {
        var terms = new List<QueryExpr>();
        var operators = new List<SetOperator>();
        for (var i = 0; i < compound.Terms.Length; i++)
        {
            if (i > 0)
            {
                operators.Add(compound.Operators[i - 1]);
            }

            switch (compound.Terms[i])
            {
                case ValuesQuery first when i == 0:
                    terms.AddRange(first.Rows.Select(Select));
                    operators.AddRange(Enumerable.Repeat(SetOperator.UnionAll, first.Rows.Length - 1));
                    break;
                case ValuesQuery { Rows.Length: 1 } row:
                    terms.Add(Select(row.Rows[0]));
                    break;
                case ValuesQuery later:
                    terms.Add(SelectAllFrom(Compound(later)));
                    break;
                default:
                    terms.Add(compound.Terms[i]);
                    break;
            }
        }

        return compound with { Terms = [.. terms], Operators = [.. operators] };
    }

    private static QueryExpr Compound(ValuesQuery values) =>
        values.Rows.Length == 1
            ? Select(values.Rows[0])
            : new CompoundQuery([.. values.Rows.Select(Select)], [.. Enumerable.Repeat(SetOperator.UnionAll, values.Rows.Length - 1)], [], null, null);

    private static SelectStatement Select(ImmutableArray<Expr> row) =>
        new(false, [.. row.Select((e, i) => (SelectItem)new ExprItem(e, NameOf(e, i), NameOf(e, i))) ], null, null, [], null, [], null, null);

    private static SelectStatement SelectAllFrom(QueryExpr query) =>
        new(false, [new StarItem(null)], new TableRef("(subquery)", null) { Subquery = query }, null, [], null, [], null, null);

    private static string NameOf(Expr e, int index) => e switch
    {
        CollateExpr c => NameOf(c.Operand, index),
        ColumnRefExpr c => c.Column,
        _ => $"column{index + 1}",
    };
}
