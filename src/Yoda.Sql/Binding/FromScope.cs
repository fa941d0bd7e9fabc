using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>The tables of the FROM clause in order, and SQLite's rules for finding a column among them.</summary>
internal sealed class FromScope(IReadOnlyList<ScopeTable> tables)
{
    public static readonly FromScope Empty = new([]);

    public IReadOnlyList<ScopeTable> Tables => tables;

    public ScopeTable? FindTable(string name) =>
        tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The column <paramref name="column"/> of <paramref name="table"/>, or of the one table that has it; null if none does.</summary>
    public BoundColumn? Resolve(string? table, string column)
    {
        if (table is not null)
        {
            return FindTable(table) is { } t && t.Snapshot.FindColumn(column) is var i and >= 0 ? Column(t, i) : null;
        }

        BoundColumn? found = null;
        foreach (var t in tables)
        {
            if (t.Snapshot.FindColumn(column) is var i and >= 0 && !t.MergedColumns.Contains(column))
            {
                found = found is null ? Column(t, i) : throw new YodaException($"ambiguous column name: {column}");
            }
        }

        return found;
    }

    /// <summary>The right table's column that a RIGHT or FULL join's USING merged with <paramref name="column"/>, if any.</summary>
    public BoundColumn? CoalescePartner(BoundColumn column)
    {
        var table = tables.Last(t => t.Offset <= column.Index);
        return table.CoalescedWith.TryGetValue(column.Name, out var right) ? Column(right, right.Snapshot.FindColumn(column.Name)) : null;
    }

    /// <summary>The first of <paramref name="count"/> leading tables that has <paramref name="column"/>, for USING and NATURAL.</summary>
    public ScopeTable? FirstWith(string column, int count) =>
        tables.Take(count).FirstOrDefault(t => t.Snapshot.FindColumn(column) >= 0);

    /// <summary>The columns of <c>*</c> (every table, without merged USING columns) or of <c>t.*</c> (all of t).</summary>
    public IEnumerable<BoundColumn> Star(ScopeTable? only) =>
        (only is null ? tables : [only]).SelectMany(t => t.Snapshot.Schema.FieldsList
            .Select((f, i) => (f, i))
            .Where(x => only is not null || !t.MergedColumns.Contains(x.f.Name))
            .Select(x => Column(t, x.i)));

    private BoundColumn Column(ScopeTable t, int index)
    {
        var field = t.Snapshot.Schema.FieldsList[index];
        return new BoundColumn(t.Offset + index, field.Name, field.DataType, ArrowColumnReader.KindOf(field.DataType), Qualifier(t))
        {
            DeclaredAffinity = t.Affinities?[index],
            DeclaredCollation = t.Collations?[index] is Collation.NoCase or Collation.RTrim ? t.Collations[index] : null,
        };
    }

    /// <summary>None for a single table; else the table's name, with its position when two tables share it.</summary>
    private string? Qualifier(ScopeTable t) =>
        tables.Count == 1 ? null
        : tables.Count(other => string.Equals(other.Name, t.Name, StringComparison.OrdinalIgnoreCase)) == 1 ? t.Name
        : $"{t.Name}#{t.Offset}";
}
