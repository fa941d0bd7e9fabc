using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Types;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Late materialisation of group keys that another group key determines: a stored column of a table
/// whose unique key column (<see cref="ColumnDefinition.UniqueKeyMetadataKey"/>, the single INTEGER
/// primary key of a table replicated without history, holding no NULL) is grouped too. Every row of a
/// group comes from the same row of that table (or from an outer join's NULL row, NULL in the key and
/// the column alike), so grouping by the key alone makes the same groups in the same first-seen order.
/// Such a column is not scanned, joined, hashed or carried at all: the result column holds the key
/// until the end of the plan, and <see cref="LateColumnsOperator"/> then reads the column's value from
/// the table's row with that key, for the rows that are left (tpch-q10 carries c_custkey through its
/// joins and fetches four customer texts and c_acctbal for its 20 rows). Only a column that the query
/// reads nowhere else than as a whole GROUP BY term and as whole result columns is deferred (not under
/// an expression, in ORDER BY, HAVING, WHERE or ON), so no expression is ever evaluated on other rows
/// than before, and no error can appear or vanish.
/// </summary>
internal sealed class LateColumns
{
    public static readonly LateColumns None = new(new Dictionary<int, (BoundColumn, BoundTable)>());

    private readonly IReadOnlyDictionary<int, (BoundColumn Key, BoundTable Table)> _deferred;

    private LateColumns(IReadOnlyDictionary<int, (BoundColumn, BoundTable)> deferred) => _deferred = deferred;

    public bool IsEmpty => _deferred.Count == 0;

    /// <summary>The columns of <paramref name="q"/> to fetch after the aggregation, each with its table's grouped key.</summary>
    public static LateColumns Of(BoundQuery q)
    {
        if (!q.IsAggregate || q.Distinct)
        {
            return None;
        }

        var keyed = q.GroupBy.OfType<BoundColumn>().Where(c => UniquelyKeyed(q, c) is not null)
            .DistinctBy(c => c.Index)
            .ToDictionary(c => TableOf(q, c)!, c => c);
        if (keyed.Count == 0)
        {
            return None;
        }

        var readElsewhere = q.Columns.Select(c => c.Expr).Concat(q.GroupBy).Where(e => e is not BoundColumn)
            .Concat(q.OrderBy.Select(o => o.Expr))
            .Concat(new[] { q.Where, q.Having }.OfType<BoundExpr>())
            .Concat(q.Tables.Select(t => t.On).OfType<BoundExpr>())
            .SelectMany(ColumnsOf)
            .ToHashSet();
        var deferred = new Dictionary<int, (BoundColumn, BoundTable)>();
        foreach (var column in q.GroupBy.OfType<BoundColumn>())
        {
            if (!readElsewhere.Contains(column.Index) && TableOf(q, column) is { } table && keyed.TryGetValue(table, out var key)
                && key.Index != column.Index)
            {
                deferred.TryAdd(column.Index, (key, table));
            }
        }

        return deferred.Count == 0 ? None : new LateColumns(deferred);
    }

    /// <summary>Whether the column at <paramref name="index"/> of the joined row is fetched late.</summary>
    public bool IsDeferred(int index) => _deferred.ContainsKey(index);

    /// <summary>The GROUP BY terms the aggregation hashes: those not deferred, in their order.</summary>
    public IReadOnlyList<BoundExpr> KeysOf(BoundQuery q) =>
        IsEmpty ? q.GroupBy : q.GroupBy.Where(g => g is not BoundColumn c || !IsDeferred(c.Index)).ToList();

    /// <summary>For a deferred result column, the grouped key that stands in for it until it is fetched; else null.</summary>
    public BoundColumn? StandInOf(BoundExpr e) => e is BoundColumn c && _deferred.TryGetValue(c.Index, out var entry) ? entry.Key : null;

    /// <summary>The fetches of the deferred result columns, by their output position.</summary>
    public IReadOnlyList<LateColumn> FetchesOf(BoundQuery q) =>
        q.Columns.Select((c, i) => (c.Expr, i))
            .Where(x => x.Expr is BoundColumn c && IsDeferred(c.Index))
            .Select(x =>
            {
                var (key, table) = _deferred[((BoundColumn)x.Expr).Index];
                return new LateColumn(x.i, table.Snapshot, key.Index - table.Offset, ((BoundColumn)x.Expr).Index - table.Offset);
            })
            .ToList();

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

    private static IEnumerable<int> ColumnsOf(BoundExpr e) =>
        e is BoundColumn c ? [c.Index] : e.Children.SelectMany(ColumnsOf);
}
