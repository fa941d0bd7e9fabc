using Yoda.Columnar.Types;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Group keys that another group key determines: a stored column of a table whose unique key column
/// (<see cref="ColumnDefinition.UniqueKeyMetadataKey"/>, a single INTEGER primary key of a table replicated
/// without history) is grouped too. Each row of that table has its own key value, so every row of a group
/// carries the same row's value of the column (a row the outer join adds has NULL in both): grouping by
/// the key alone makes the same groups, and the column is then taken from the group's first row, as a
/// bare column is (tpch-q10 groups by c_custkey and six columns of customer and nation, four of them long
/// texts hashed for every joined row). Keys without NULLs only: SQLite allows NULL in a primary key that
/// is not the rowid, and two such rows would share a group.
/// </summary>
internal static class DependentGroupKeys
{
    /// <summary>The group keys without those another of them determines, in their order.</summary>
    public static IReadOnlyList<BoundExpr> Essential(BoundQuery q)
    {
        var keyTables = q.GroupBy.OfType<BoundColumn>().Select(c => UniquelyKeyed(q, c)).OfType<BoundTable>().ToHashSet(ReferenceEqualityComparer.Instance);
        return keyTables.Count == 0
            ? q.GroupBy
            : q.GroupBy.Where(g => g is not BoundColumn c || !keyTables.Contains(TableOf(q, c)!) || UniquelyKeyed(q, c) is not null).ToList();
    }

    /// <summary>The table of <paramref name="column"/> when it is that table's unique key without NULLs.</summary>
    private static BoundTable? UniquelyKeyed(BoundQuery q, BoundColumn column)
    {
        if (TableOf(q, column) is not { Correlated: null } table)
        {
            return null;
        }

        var index = column.Index - table.Offset;
        var field = table.Snapshot.Schema.FieldsList[index];
        return field.Metadata is { } metadata && metadata.ContainsKey(ColumnDefinition.UniqueKeyMetadataKey)
            && field.DataType is Apache.Arrow.Types.Int64Type
            && table.Snapshot.Segments.All(s => s.Batch.Column(index).NullCount == 0)
            ? table
            : null;
    }

    private static BoundTable? TableOf(BoundQuery q, BoundColumn column) =>
        q.Tables.FirstOrDefault(t => column.Index >= t.Offset && column.Index < t.Offset + t.Snapshot.Schema.FieldsList.Count);
}
