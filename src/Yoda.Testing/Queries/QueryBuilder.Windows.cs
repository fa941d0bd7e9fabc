using System.Globalization;

namespace Yoda.Testing.Queries;

/// <summary>
/// Window functions whose answer does not depend on how an engine breaks ties: functions that
/// see row order (row_number, ntile, lag, lead, first/last/nth_value, ROWS frames) order by every
/// column, so that only identical rows tie; the others order by any term (peers share a value).
/// </summary>
public sealed partial class QueryBuilder
{
    private SqlExpr WindowExpr()
    {
        var partition = Chance(60) ? "PARTITION BY " + Pick(_columns).Sql + " " : "";
        var total = "ORDER BY " + string.Join(", ", _columns.Select(c => c.Sql + (Chance(30) ? " DESC" : "")));
        var some = "ORDER BY " + Pick(_columns).Sql + (Chance(30) ? " DESC" : "");
        SqlExpr Over(string template, ExprKind kind, string order, params SqlExpr[] args) =>
            new($"{template} OVER ({partition}{order})", kind, args);

        var x = ColumnOrLeaf(AnyKind());
        var n = SqlExpr.Leaf((1 + _r.Next(3)).ToString(CultureInfo.InvariantCulture), ExprKind.Integer);
        return _r.Next(12) switch
        {
            0 => Over("row_number()", ExprKind.Integer, total),
            1 => Over(Pick(new[] { "rank()", "dense_rank()" }), ExprKind.Integer, some),
            2 => Over(Pick(new[] { "percent_rank()", "cume_dist()" }), ExprKind.Real, some),
            3 => Over("ntile({0})", ExprKind.Integer, total, n),
            4 => Over(Pick(new[] { "lag({0})", "lead({0})" }), x.Kind, total, x),
            5 => Over(Pick(new[] { "lag({0}, {1})", "lead({0}, {1})" }), x.Kind, total, x, n),
            6 => Over(Pick(new[] { "first_value({0})", "last_value({0})" }), x.Kind, total + " " + Frame(), x),
            7 => Over("nth_value({0}, {1})", x.Kind, total + " " + Frame(), x, n),
            8 => Over("COUNT(*)", ExprKind.Integer, Chance(50) ? some : ""),
            9 when Chance(33) => Over("COUNT({0})", ExprKind.Integer, Chance(50) ? some : total + " " + Frame(), x),
            9 => Over(Pick(new[] { "MIN({0})", "MAX({0})" }), x.Kind, Chance(50) ? some : total + " " + Frame(), x),
            _ => Over(Pick(new[] { "SUM({0})", "TOTAL({0})", "AVG({0})" }), ExprKind.Real, Chance(50) ? some : total + " " + Frame(), NarrowInteger()),
        };
    }

    /// <summary>A frame clause (ROWS, RANGE or GROUPS), or none for the default frame.</summary>
    private string Frame()
    {
        var unit = Pick(new[] { "ROWS", "ROWS", "RANGE", "GROUPS" });
        return _r.Next(5) switch
        {
            0 => "",
            1 => $"{unit} BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
            2 => $"{unit} BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
            3 when unit != "RANGE" => $"{unit} BETWEEN {1 + _r.Next(2)} PRECEDING AND {_r.Next(2)} FOLLOWING",
            _ => $"{unit} UNBOUNDED PRECEDING",
        };
    }

    /// <summary>
    /// An integer that sums without overflow in any order: a narrow integer column or a small
    /// literal (wide integers would make the sum depend on the order of summation, M5).
    /// </summary>
    private SqlExpr NarrowInteger()
    {
        var narrow = _columns.Where(c => c.Kind == ExprKind.Integer && c.Type != ColumnType.Int64 && c.Type != ColumnType.UInt64).ToList();
        return narrow.Count > 0 && Chance(85)
            ? SqlExpr.Column(Pick(narrow).Sql, ExprKind.Integer)
            : SqlExpr.Leaf(_r.Next(-5, 100).ToString(CultureInfo.InvariantCulture), ExprKind.Integer);
    }
}
