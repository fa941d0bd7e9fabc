using System.Globalization;

namespace Yoda.Testing.Queries;

/// <summary>Subqueries (in FROM, IN, EXISTS, scalar, correlated) and common table expressions.</summary>
public sealed partial class QueryBuilder
{
    /// <summary>
    /// A table for a subquery to read: another generated table when there is one, else the first.
    /// Its alias <c>s9</c> keeps its columns apart from the outer query's.
    /// </summary>
    private GeneratedTable InnerTable() => _tables.Count > 1 && Chance(60) ? Pick(_tables.Skip(1).ToList()) : _table;

    /// <summary>An outer column, qualified so that a subquery's own columns cannot capture it.</summary>
    private string Outer(ColumnRef c) => c.Sql.Contains('.', StringComparison.Ordinal) ? c.Sql : $"{_source}.{c.Sql}";

    /// <summary>A condition that ties the inner table to the outer row (correlation), or a plain filter.</summary>
    private string InnerCondition(GeneratedTable inner)
    {
        var pairs = (from i in inner.Columns
                     from o in _columns
                     where Comparable(KindOf(i), o.Kind)
                     select (i, o)).ToList();
        if (pairs.Count > 0 && Chance(70))
        {
            var (i, o) = Pick(pairs);
            return $" WHERE s9.{i.Name} {(Chance(75) ? "=" : Pick(new[] { "<", ">=", "<>" }))} {Outer(o)}";
        }

        var c = Pick(inner.Columns);
        return Chance(50) ? $" WHERE s9.{c.Name} IS NOT NULL" : "";
    }

    private static ExprKind KindOf(GeneratedColumn c) => new ColumnRef(c.Name, c.Type, c.Nullable).Kind;

    /// <summary><c>x [NOT] IN (SELECT s9.c FROM u AS s9 [WHERE …])</c>, correlated or not.</summary>
    private SqlExpr InSubquery(int depth)
    {
        var inner = InnerTable();
        var c = Pick(inner.Columns);
        var kind = KindOf(c);
        var sql = $"SELECT s9.{c.Name} FROM {inner.Name} AS s9{InnerCondition(inner)}";
        var not = Chance(25) ? "NOT " : "";
        return new SqlExpr($"({{0}} {not}IN ({SqlExpr.Escape(sql)}))", ExprKind.Bool, [Expr(kind, depth)]);
    }

    /// <summary><c>[NOT] EXISTS (SELECT 1 FROM u AS s9 WHERE …)</c>, mostly correlated.</summary>
    private SqlExpr Exists()
    {
        var inner = InnerTable();
        var not = Chance(30) ? "NOT " : "";
        return SqlExpr.Leaf($"({not}EXISTS (SELECT 1 FROM {inner.Name} AS s9{InnerCondition(inner)}))", ExprKind.Bool);
    }

    /// <summary>
    /// A scalar subquery of one row whatever the data: an aggregate (COUNT, or MIN/MAX of a column
    /// of <paramref name="kind"/>) over the inner table, mostly correlated.
    /// </summary>
    private SqlExpr ScalarSubquery(ExprKind kind)
    {
        var inner = InnerTable();
        var columns = inner.Columns.Where(c => KindOf(c) == kind).ToList();
        var aggregate = columns.Count > 0 && Chance(60) ? $"{Pick(new[] { "MIN", "MAX" })}(s9.{Pick(columns).Name})" : "COUNT(*)";
        return SqlExpr.Leaf($"(SELECT {aggregate} FROM {inner.Name} AS s9{InnerCondition(inner)})", aggregate == "COUNT(*)" ? ExprKind.Integer : kind);
    }

    /// <summary>FROM a subquery: all of the table, some of it, or renamed and computed columns.</summary>
    private void FromSubquery()
    {
        var where = On(QueryFeatures.Where) && Chance(40) ? " WHERE " + Expr(ExprKind.Bool, 1).Render() : "";
        if (Chance(50))
        {
            _from = $"(SELECT * FROM {_table.Name}{where}) AS s";
            _source = "s";
            return;
        }

        var (select, columns) = RenamedColumns("y");
        _from = $"(SELECT {select} FROM {_table.Name}{where}) AS s";
        _source = "s";
        _columns = columns;
        _starWidth = columns.Count;
    }

    /// <summary>A WITH clause: the table filtered, its columns renamed, read twice, or a recursive counter beside it.</summary>
    private string Cte()
    {
        var where = On(QueryFeatures.Where) && Chance(40) ? " WHERE " + Expr(ExprKind.Bool, 1).Render() : "";
        switch (_r.Next(4))
        {
            case 0:
                _from = "w";
                _source = "w";
                return $"WITH w AS (SELECT * FROM {_table.Name}{where})";
            case 1:
                var (select, columns) = RenamedColumns("x");
                _from = "w";
                _source = "w";
                _columns = columns;
                _starWidth = columns.Count;
                return $"WITH w({string.Join(", ", columns.Select(c => c.Sql))}) AS (SELECT {select} FROM {_table.Name}{where})";
            case 2:
                // Referenced twice: computed once, read by both sides of a join.
                var on = Pick(_table.Columns).Name;
                _from = $"w AS a {Pick(new[] { "JOIN", "LEFT JOIN" })} w AS b ON a.{on} = b.{on}";
                _columns = [.. _table.Columns.Select(c => new ColumnRef("a." + c.Name, c.Type, c.Nullable)), .. _table.Columns.Select(c => new ColumnRef("b." + c.Name, c.Type, true))];
                _starWidth = _columns.Count;
                _errorsMaySkipRows = true;
                return $"WITH w AS (SELECT * FROM {_table.Name}{where})";
            default:
                var limit = 1 + _r.Next(5);
                _from = $"{_table.Name}, r";
                _columns = [.. _columns, new ColumnRef("r.n", ColumnType.Int64, false)];
                _starWidth = _columns.Count;
                _errorsMaySkipRows = true;
                var step = Chance(50) ? "UNION ALL" : "UNION";
                return $"WITH RECURSIVE r(n) AS (SELECT 1 {step} SELECT n + 1 FROM r WHERE n < {limit.ToString(CultureInfo.InvariantCulture)})";
        }
    }

    /// <summary>Some of the table's columns under new names (<paramref name="prefix"/>0, 1, …), maybe with a computed one.</summary>
    private (string Select, List<ColumnRef> Columns) RenamedColumns(string prefix)
    {
        var picked = _table.Columns.Where(_ => Chance(70)).DefaultIfEmpty(_table.Columns[0]).ToList();
        var parts = new List<string>();
        var columns = new List<ColumnRef>();
        foreach (var c in picked)
        {
            var name = prefix + columns.Count.ToString(CultureInfo.InvariantCulture);
            parts.Add($"{c.Name} AS {name}");
            columns.Add(new ColumnRef(name, c.Type, c.Nullable));
        }

        if (Chance(40))
        {
            var name = prefix + columns.Count.ToString(CultureInfo.InvariantCulture);
            var lazy = _errorsMaySkipRows;
            _errorsMaySkipRows = true;
            parts.Add($"{Expr(ExprKind.Integer, 1).Render()} AS {name}");
            _errorsMaySkipRows = lazy;
            columns.Add(new ColumnRef(name, ColumnType.Int64, true));
        }

        if (On(QueryFeatures.MixedTypes) && On(QueryFeatures.Case) && Chance(30))
        {
            // A column whose class varies per row: the subquery keeps each row's INTEGER or REAL.
            var name = prefix + columns.Count.ToString(CultureInfo.InvariantCulture);
            var lazy = _errorsMaySkipRows;
            _errorsMaySkipRows = true;
            parts.Add($"CASE WHEN {Expr(ExprKind.Bool, 1).Render()} THEN {Expr(ExprKind.Integer, 1).Render()} ELSE {Expr(ExprKind.Real, 1).Render()} END AS {name}");
            _errorsMaySkipRows = lazy;
            columns.Add(new ColumnRef(name, ColumnType.Float64, true));
        }

        return (string.Join(", ", parts), columns);
    }
}
