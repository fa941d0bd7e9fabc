namespace Yoda.Testing.Queries;

/// <summary>The FROM clause of join queries: two or three tables (or a table joined with itself).</summary>
public sealed partial class QueryBuilder
{
    private static readonly string[] Aliases = ["a", "b", "c"];

    /// <summary>
    /// Replaces the single-table FROM with a join chain and makes every column of it (qualified)
    /// available to the rest of the query. Columns of a table that may be NULL-extended (the right
    /// side of LEFT, the left side of RIGHT, both sides of FULL) are marked nullable.
    /// </summary>
    private void Join()
    {
        _errorsMaySkipRows = true;
        var tables = _tables.Count > 1
            ? _tables.Take(_tables.Count == 3 && Chance(50) ? 3 : 2).ToList()
            : [_table, _table];
        var from = $"{tables[0].Name} AS a";
        var columns = Qualified(tables[0], "a", nullable: false);
        var starWidth = columns.Count;
        for (var i = 1; i < tables.Count; i++)
        {
            var right = tables[i];
            var alias = Aliases[i];
            var rightColumns = Qualified(right, alias, nullable: false);
            var kind = JoinKind(firstJoin: i == 1);
            var shared = i == 1 ? tables[0].Columns.Select(c => c.Name).Intersect(right.Columns.Select(c => c.Name)).ToList() : [];
            string clause;
            switch (kind)
            {
                case ",":
                    clause = $", {right.Name} AS {alias}";
                    starWidth += rightColumns.Count;
                    break;
                case "CROSS JOIN":
                    clause = $" CROSS JOIN {right.Name} AS {alias}";
                    starWidth += rightColumns.Count;
                    break;
                case "NATURAL JOIN" or "NATURAL LEFT JOIN" or "NATURAL RIGHT JOIN" or "NATURAL FULL JOIN":
                    clause = $" {kind} {right.Name} AS {alias}";
                    starWidth += rightColumns.Count - shared.Count;
                    break;
                case "USING":
                    var used = shared.Where(_ => Chance(60)).DefaultIfEmpty(shared[0]).ToList();
                    var usingKind = Pick(On(QueryFeatures.OuterJoins) ? ["JOIN", "LEFT JOIN", "INNER JOIN", "RIGHT JOIN", "FULL JOIN"] : new[] { "JOIN", "LEFT JOIN", "INNER JOIN" });
                    kind = usingKind;
                    clause = $" {usingKind} {right.Name} AS {alias} USING ({string.Join(", ", used)})";
                    starWidth += rightColumns.Count - used.Count;
                    break;
                default:
                    clause = $" {kind} {right.Name} AS {alias} ON {OnCondition(columns, rightColumns).Render()}";
                    starWidth += rightColumns.Count;
                    break;
            }

            if (kind.Contains("LEFT", StringComparison.Ordinal) || kind.Contains("FULL", StringComparison.Ordinal))
            {
                rightColumns = rightColumns.Select(c => c with { Nullable = true }).ToList();
            }

            if (kind.Contains("RIGHT", StringComparison.Ordinal) || kind.Contains("FULL", StringComparison.Ordinal))
            {
                columns = columns.Select(c => c with { Nullable = true }).ToList();
            }

            from += clause;
            columns.AddRange(rightColumns);
        }

        _from = from;
        _columns = columns;
        _starWidth = starWidth;
    }

    private static List<ColumnRef> Qualified(GeneratedTable table, string alias, bool nullable) =>
        table.Columns.Select(c => new ColumnRef($"{alias}.{c.Name}", c.Type, c.Nullable || nullable)).ToList();

    // NATURAL and USING only join the first two tables: with a third, a shared name could match
    // columns of both tables on the left (UsingChainTests in Yoda.Sql.Tests covers those chains).
    private string JoinKind(bool firstJoin)
    {
        var kinds = new List<string> { "JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN", "JOIN", "LEFT JOIN", "CROSS JOIN", "," };
        if (firstJoin)
        {
            kinds.AddRange(["NATURAL JOIN", "NATURAL LEFT JOIN", "USING"]);
        }

        if (On(QueryFeatures.OuterJoins))
        {
            kinds.AddRange(["RIGHT JOIN", "RIGHT OUTER JOIN", "FULL JOIN", "FULL OUTER JOIN"]);
            if (firstJoin)
            {
                kinds.AddRange(["NATURAL RIGHT JOIN", "NATURAL FULL JOIN"]);
            }
        }

        return Pick(kinds);
    }

    /// <summary>
    /// Mostly an equality of a left column and a right column of comparable kinds (INTEGER with
    /// REAL too), sometimes another comparison, sometimes with a further predicate over both sides.
    /// </summary>
    private SqlExpr OnCondition(List<ColumnRef> left, List<ColumnRef> right)
    {
        var pairs = (from l in left
                     from r in right
                     where Comparable(l.Kind, r.Kind) || (On(QueryFeatures.MixedTypes) && Chance(3))
                     select (l, r)).ToList();
        SqlExpr condition;
        if (pairs.Count == 0)
        {
            var c = Pick(right);
            condition = new SqlExpr("({0} IS NOT NULL)", ExprKind.Bool, [SqlExpr.Column(c.Sql, c.Kind)]);
        }
        else
        {
            var (l, r) = Pick(pairs);
            var op = Chance(80) ? "=" : Pick(new[] { "<", "<=", "<>", ">", "IS" });
            condition = new SqlExpr($"({{0}} {op} {{1}})", ExprKind.Bool, [SqlExpr.Column(l.Sql, l.Kind), SqlExpr.Column(r.Sql, r.Kind)]);
        }

        if (Chance(25))
        {
            var outer = _columns;
            _columns = [.. left, .. right];
            var extra = Expr(ExprKind.Bool, 1);
            _columns = outer;
            condition = new SqlExpr(Chance(75) ? "({0} AND {1})" : "({0} OR {1})", ExprKind.Bool, [condition, extra]);
        }

        return condition;
    }

    private static bool Comparable(ExprKind a, ExprKind b) =>
        a == b || (a is ExprKind.Integer or ExprKind.Real && b is ExprKind.Integer or ExprKind.Real);
}
