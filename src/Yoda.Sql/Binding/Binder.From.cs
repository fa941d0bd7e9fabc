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
        foreach (var r in s.Joins.Select(j => j.Table).Prepend(s.From))
        {
            var (snapshot, derived) = ResolveSource(r);
            tables.Add(new ScopeTable(r, snapshot, offset) { Affinities = derived?.Affinities, Collations = derived?.Collations, Correlated = derived?.Correlated });
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

    /// <summary>ON, and for USING / NATURAL the equalities with the first table on the left that has each column.</summary>
    private Expr? JoinCondition(JoinClause join, int index)
    {
        var right = _scope.Tables[index];
        if (join.Natural && (join.On is not null || join.Using.Length > 0))
        {
            throw new YodaException("a NATURAL join may not have an ON or USING clause");
        }

        var columns = join.Natural
            ? right.Snapshot.Schema.FieldsList.Select(f => f.Name).Where(n => _scope.FirstWith(n, index) is not null).ToList()
            : [.. join.Using];
        var condition = join.On;
        foreach (var column in columns)
        {
            var left = _scope.FirstWith(column, index);
            if (left is null || right.Snapshot.FindColumn(column) < 0)
            {
                throw new YodaException($"cannot join using column {column} - column not present in both tables");
            }

            if (left.CoalescedWith.ContainsKey(column))
            {
                throw new YodaException($"USING or NATURAL on column {column} after a RIGHT or FULL join merged it is not supported yet");
            }

            right.MergedColumns.Add(column);
            if (join.RightOuter)
            {
                left.CoalescedWith.Add(column, right);
            }

            Expr equal = new BinaryExpr(BinaryOperator.Equal, new ColumnRefExpr(left.Name, column), new ColumnRefExpr(right.Name, column));
            condition = condition is null ? equal : new BinaryExpr(BinaryOperator.And, condition, equal);
        }

        return condition;
    }
}
