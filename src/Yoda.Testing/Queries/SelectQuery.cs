using System.Text;

namespace Yoda.Testing.Queries;

/// <summary>A result column: an expression (or <c>*</c> when <see cref="Expr"/> is null) and an optional alias.</summary>
public sealed record SelectItem(SqlExpr? Expr, string? Alias = null)
{
    public string Render() => Expr is null ? "*" : Alias is null ? Expr.Render() : $"{Expr.Render()} AS {Alias}";
}

/// <summary>A GROUP BY or ORDER BY term: by expression, by alias or by ordinal.</summary>
public sealed record Term(SqlExpr? Expr, int? Ordinal = null, string? Alias = null, bool Descending = false, string? Nulls = null)
{
    public string Render(bool withDirection) =>
        (Expr?.Render() ?? Alias ?? Ordinal!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        + (withDirection && Descending ? " DESC" : "")
        + (withDirection && Nulls is not null ? " NULLS " + Nulls : "");
}

/// <summary>
/// A generated query. <see cref="Ordered"/> tells whether its ORDER BY fixes the order of the rows
/// completely (compare as a sequence) or not (compare as a multiset). <see cref="Raw"/>, when set,
/// replaces the rendering (hand-written invalid queries).
/// </summary>
public sealed record SelectQuery(
    string From,
    IReadOnlyList<SelectItem> Items,
    bool Distinct = false,
    SqlExpr? Where = null,
    IReadOnlyList<Term>? GroupBy = null,
    SqlExpr? Having = null,
    IReadOnlyList<Term>? OrderBy = null,
    bool Ordered = false,
    int? Limit = null,
    int? Offset = null,
    string? With = null,
    string? SetOperation = null,
    SelectQuery? Right = null,
    string? Raw = null,
    bool IsAggregate = false)
{
    public string Sql => Render();

    public string Render()
    {
        if (Raw is not null)
        {
            return Raw;
        }

        var sb = new StringBuilder();
        if (With is not null)
        {
            sb.Append(With).Append(' ');
        }

        sb.Append(Core());
        if (SetOperation is not null && Right is not null)
        {
            sb.Append(' ').Append(SetOperation).Append(' ').Append(Right.Core());
        }

        if (OrderBy is { Count: > 0 })
        {
            sb.Append(" ORDER BY ").Append(string.Join(", ", OrderBy.Select(t => t.Render(true))));
        }

        if (Limit is not null)
        {
            sb.Append(" LIMIT ").Append(Limit.Value);
            if (Offset is not null)
            {
                sb.Append(" OFFSET ").Append(Offset.Value);
            }
        }

        return sb.ToString();
    }

    private string Core()
    {
        var sb = new StringBuilder("SELECT ");
        if (Distinct)
        {
            sb.Append("DISTINCT ");
        }

        sb.Append(string.Join(", ", Items.Select(i => i.Render()))).Append(" FROM ").Append(From);
        if (Where is not null)
        {
            sb.Append(" WHERE ").Append(Where.Render());
        }

        if (GroupBy is { Count: > 0 })
        {
            sb.Append(" GROUP BY ").Append(string.Join(", ", GroupBy.Select(t => t.Render(false))));
        }

        if (Having is not null)
        {
            sb.Append(" HAVING ").Append(Having.Render());
        }

        return sb.ToString();
    }

    public override string ToString() => Render();

    /// <summary>Simpler queries that keep the query's meaning well-formed: fewer clauses, fewer result columns, smaller expressions.</summary>
    public IEnumerable<SelectQuery> Shrink()
    {
        if (Raw is not null)
        {
            yield break;
        }

        if (Right is not null)
        {
            yield return this with { SetOperation = null, Right = null };
        }

        if (Limit is not null)
        {
            yield return this with { Limit = null, Offset = null };
        }

        if (Offset is not null)
        {
            yield return this with { Offset = null };
        }

        if (OrderBy is { Count: > 0 } && Limit is null)
        {
            yield return this with { OrderBy = null, Ordered = false };
        }

        if (Having is not null)
        {
            yield return this with { Having = null };
        }

        if (Where is not null)
        {
            yield return this with { Where = null };
        }

        if (Distinct)
        {
            yield return this with { Distinct = false };
        }

        // Drop a result column (in aggregate queries only the aggregates after the group keys).
        var firstRemovable = IsAggregate ? GroupBy?.Count ?? 0 : 0;
        if (Items.Count > 1 && Right is null && Items.All(i => i.Expr is not null))
        {
            for (var i = Math.Max(firstRemovable, 0); i < Items.Count; i++)
            {
                if (Items.Count - 1 <= 0 || (IsAggregate && Items.Count - 1 <= firstRemovable))
                {
                    continue;
                }

                yield return WithoutItem(i);
            }
        }

        for (var i = 0; i < Items.Count; i++)
        {
            if (Items[i].Expr is { } e && !(IsAggregate && i < (GroupBy?.Count ?? 0)))
            {
                foreach (var smaller in e.Shrink())
                {
                    var items = Items.ToArray();
                    items[i] = items[i] with { Expr = smaller };
                    yield return this with { Items = items };
                }
            }
        }

        if (Where is not null)
        {
            foreach (var smaller in Where.Shrink())
            {
                yield return this with { Where = smaller };
            }
        }

        if (Having is not null)
        {
            foreach (var smaller in Having.Shrink())
            {
                yield return this with { Having = smaller };
            }
        }
    }

    private SelectQuery WithoutItem(int index)
    {
        var removedAlias = Items[index].Alias;
        var items = Items.Where((_, i) => i != index).ToList();
        var order = OrderBy?
            .Where(t => t.Ordinal != index + 1 && (t.Alias is null || t.Alias != removedAlias))
            .Select(t => t.Ordinal > index + 1 ? t with { Ordinal = t.Ordinal - 1 } : t)
            .ToList();
        return this with { Items = items, OrderBy = order };
    }
}
