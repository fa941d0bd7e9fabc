using System.Collections.Immutable;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>The FROM clause: the tables in order, and each join's condition (ON, USING or NATURAL) as SQLite builds it.</summary>
internal sealed partial class Binder
{
    private IReadOnlyList<BoundTable> BindFrom(SelectStatement s)
    {
        if (s.From is null)
        {
            return [];
        }

        var tables = new List<ScopeTable>();
        var offset = 0;
        foreach (var (r, join) in s.Joins.Select(j => (j.Table, (JoinClause?)j)).Prepend((s.From, null)))
        {
            var (snapshot, derived) = ResolveSource(r);
            tables.Add(new ScopeTable(r, snapshot, offset)
            {
                LeftOuter = join?.LeftOuter ?? false,
                RightOuter = join?.RightOuter ?? false,
                Affinities = derived?.Affinities,
                Collations = derived?.Collations,
                Correlated = derived?.Correlated,
            });
            offset += snapshot.Schema.FieldsList.Count;
        }

        _scope = new FromScope(tables);
        var conditions = s.Joins.Select((join, i) => JoinCondition(join, i + 1)).ToList();
        return tables.Select((t, i) => new BoundTable(
                t.Snapshot,
                t.Offset,
                i > 0 && s.Joins[i - 1].LeftOuter,
                i > 0 && conditions[i - 1] is { } on ? BindExpr(on, BindContext.Where) : null)
            {
                RightOuter = i > 0 && s.Joins[i - 1].RightOuter,
                Correlated = t.Correlated,
            })
            .ToList();
    }

    /// <summary>
    /// ON, and for USING / NATURAL the equalities SQLite's sqlite3ProcessJoin builds: with the first
    /// table on the left that has the column; in a FROM with a RIGHT or FULL join, with the coalesce of
    /// every table on the left that has it (each after the first must have joined by it too, else
    /// "ambiguous reference to x in USING()").
    /// </summary>
    private Expr? JoinCondition(JoinClause join, int index)
    {
        var right = _scope.Tables[index];
        if (join.Natural && (join.On is not null || join.Using.Length > 0))
        {
            throw new YodaException("a NATURAL join may not have an ON or USING clause");
        }

        var columns = join.Natural
            ? right.Snapshot.Schema.FieldsList.Select(f => f.Name).Where(n => _scope.LeftTablesWith(n, index).Count > 0).ToList()
            : [.. join.Using];
        var anyRightJoin = _scope.Tables.Any(t => t.RightOuter);
        var condition = join.On;
        foreach (var column in columns)
        {
            var lefts = _scope.LeftTablesWith(column, index);
            if (lefts.Count == 0 || right.Snapshot.FindColumn(column) < 0)
            {
                throw new YodaException($"cannot join using column {column} - column not present in both tables");
            }

            if (anyRightJoin && lefts.Skip(1).Any(t => !t.UsingColumns.Contains(column)))
            {
                throw new YodaException($"ambiguous reference to {column} in USING()");
            }

            right.UsingColumns.Add(column);
            var values = (anyRightJoin ? lefts : lefts.Take(1)).Select(t => (Expr)new ColumnRefExpr(t.Name, column)).ToImmutableArray();
            var left = values.Length == 1 ? values[0] : new FunctionCallExpr("coalesce", values, false, false);
            Expr equal = new BinaryExpr(BinaryOperator.Equal, left, new ColumnRefExpr(right.Name, column));
            condition = condition is null ? equal : new BinaryExpr(BinaryOperator.And, condition, equal);
        }

        return condition;
    }
}
