using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>The tables of the FROM clause in order, and SQLite's rules for finding a column among them.</summary>
internal sealed class FromScope(IReadOnlyList<ScopeTable> tables)
{
    public static readonly FromScope Empty = new([]);

    public IReadOnlyList<ScopeTable> Tables => tables;

    public ScopeTable? FindTable(string name) =>
        tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The columns a name stands for, none if no table has it: <c>t.c</c> is t's column; an unqualified
    /// name is found as SQLite's lookupName finds it. Left to right, a table's USING column is skipped
    /// after an INNER or LEFT join (the left-most table's stands), replaces the match after a RIGHT join
    /// and joins it after a FULL join (several columns: read as their coalesce); a second table with the
    /// name and no USING makes it ambiguous.
    /// </summary>
    public IReadOnlyList<BoundColumn> Resolve(string? table, string column)
    {
        if (table is not null)
        {
            return FindTable(table) is { } t && t.Snapshot.FindColumn(column) is var i and >= 0 ? [Column(t, i)] : [];
        }

        var merged = new List<BoundColumn>();
        BoundColumn? match = null;
        var count = 0;
        foreach (var t in tables)
        {
            if (t.Snapshot.FindColumn(column) is not (var i and >= 0))
            {
                continue;
            }

            if (count > 0)
            {
                if (!t.UsingColumns.Contains(column))
                {
                    merged.Clear();
                }
                else if (!t.RightOuter)
                {
                    continue;
                }
                else if (!t.LeftOuter)
                {
                    count = 0;
                    merged.Clear();
                }
                else
                {
                    merged.Add(match!);
                }
            }

            count++;
            match = Column(t, i);
        }

        return count switch
        {
            0 => [],
            1 => [match!],
            _ when merged.Count == count - 1 => [.. merged, match!],
            _ => throw new YodaException($"ambiguous column name: {column}"),
        };
    }

    /// <summary>The tables among the first <paramref name="count"/> that have <paramref name="column"/>, for USING and NATURAL.</summary>
    public IReadOnlyList<ScopeTable> LeftTablesWith(string column, int count) =>
        tables.Take(count).Where(t => t.Snapshot.FindColumn(column) >= 0).ToList();

    /// <summary>
    /// The columns of <c>*</c> (every table's, without a table's own USING columns) or of <c>t.*</c>
    /// (all of t's), as SQLite's selectExpand gives them: a column of a table left of a RIGHT or FULL
    /// join that a later USING names is read by its unqualified name (so perhaps merged, or ambiguous).
    /// </summary>
    public IEnumerable<(string Name, IReadOnlyList<BoundColumn> Columns)> Star(ScopeTable? only)
    {
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            if (only is not null && !ReferenceEquals(table, only))
            {
                continue;
            }

            var fields = table.Snapshot.Schema.FieldsList;
            for (var i = 0; i < fields.Count; i++)
            {
                var name = fields[i].Name;
                if (only is null && t > 0 && table.UsingColumns.Contains(name))
                {
                    continue;
                }

                var byName = tables.Count == 1 || (tables.Skip(t + 1).Any(r => r.RightOuter) && tables.Skip(t + 1).Any(r => r.UsingColumns.Contains(name)));
                yield return (name, byName ? Resolve(null, name) : [Column(table, i)]);
            }
        }
    }

    private BoundColumn Column(ScopeTable t, int index)
    {
        var field = t.Snapshot.Schema.FieldsList[index];
        return new BoundColumn(t.Offset + index, field.Name, field.DataType, ArrowColumnReader.KindOf(field.DataType), Qualifier(t))
        {
            DeclaredAffinity = t.Affinities?[index],
            DeclaredCollation = (t.Collations?[index] ?? StoredCollation(field)) is var c and (Collation.NoCase or Collation.RTrim) ? c : null,
        };
    }

    /// <summary>The collation a stored column was declared with in SQLite, from its field metadata.</summary>
    private static Collation? StoredCollation(Apache.Arrow.Field field) =>
        field.Metadata is { } metadata && metadata.TryGetValue(Columnar.Types.ColumnDefinition.CollationMetadataKey, out var name)
            ? Binder.CollationNamed(name)
            : null;

    /// <summary>None for a single table; else the table's name, with its position when two tables share it.</summary>
    private string? Qualifier(ScopeTable t) =>
        tables.Count == 1 ? null
        : tables.Count(other => string.Equals(other.Name, t.Name, StringComparison.OrdinalIgnoreCase)) == 1 ? t.Name
        : $"{t.Name}#{t.Offset}";
}
