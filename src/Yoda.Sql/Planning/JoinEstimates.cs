using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Storage;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Rough row counts for choosing a join order: a table's live rows times a guessed selectivity per
/// conjunct that reads only that table (equality with a constant 1/10, a range bound 1/3, LIKE
/// 1/10, an IN list 1/10 per item), and for a join the product of both sides' rows times, per
/// equality between them, 1 / the larger number of distinct key values (a column's rows, or fewer
/// when its INTEGER zone maps span fewer values), per other condition between them 1/3. Only the
/// order of magnitude matters: the order is changed only when the estimate says it pays by far.
/// </summary>
internal sealed class JoinEstimates
{
    private const double EqualitySelectivity = 0.1;
    private const double RangeSelectivity = 1.0 / 3;

    private readonly IReadOnlyList<BoundTable> _tables;
    private readonly Func<BoundExpr, IReadOnlyList<int>> _tablesOf;

    public JoinEstimates(IReadOnlyList<BoundTable> tables, IReadOnlyList<BoundExpr> conjuncts, Func<BoundExpr, IReadOnlyList<int>> tablesOf)
    {
        _tables = tables;
        _tablesOf = tablesOf;
        Rows = tables.Select((t, i) => Math.Max(1.0, t.Snapshot.LiveRowCount * conjuncts.Where(c => tablesOf(c) is [var only] && only == i).Aggregate(1.0, (s, c) => s * Selectivity(c))))
            .ToArray();
    }

    /// <summary>Each table's estimated rows after the conjuncts that read only it.</summary>
    public IReadOnlyList<double> Rows { get; }

    /// <summary>The selectivity of a condition joining two sets of tables (an equality of INTEGER keys: by their distinct values).</summary>
    public double JoinSelectivity(BoundExpr condition) => condition is BoundComparison { Operator: ComparisonOperator.Equal or ComparisonOperator.Is } c
        ? 1.0 / Math.Max(1.0, Math.Max(DistinctValues(c.Left), DistinctValues(c.Right)))
        : RangeSelectivity;

    /// <summary>An upper bound of the distinct values of a join key: its table's live rows, and for an INTEGER column also the span of its zone maps.</summary>
    private double DistinctValues(BoundExpr key)
    {
        if (_tablesOf(key) is not [var table])
        {
            return 1.0;
        }

        var t = _tables[table];
        double rows = Math.Max(1, t.Snapshot.LiveRowCount);
        if (key is not BoundColumn column || t.Correlated is not null)
        {
            return rows;
        }

        long? min = null;
        long? max = null;
        foreach (var segment in t.Snapshot.Segments)
        {
            if (ZoneMap.Of(segment.Batch.Column(column.Index - t.Offset)) is { HasValues: true } zone && zone.Min is long low && zone.Max is long high)
            {
                min = Math.Min(min ?? low, low);
                max = Math.Max(max ?? high, high);
            }
        }

        return min is { } from && max is { } to ? Math.Min(rows, (double)to - from + 1) : rows;
    }

    private static double Selectivity(BoundExpr conjunct) => conjunct switch
    {
        BoundLogical { IsAnd: true } and => Selectivity(and.Left) * Selectivity(and.Right),
        BoundLogical or => Math.Min(1.0, Selectivity(or.Left) + Selectivity(or.Right)),
        BoundNot not => 1.0 - Selectivity(not.Operand),
        BoundComparison { Operator: ComparisonOperator.Equal or ComparisonOperator.Is } => EqualitySelectivity,
        BoundComparison { Operator: ComparisonOperator.NotEqual or ComparisonOperator.IsNot } => 1.0 - EqualitySelectivity,
        BoundLike like => like.Negated ? 1.0 - EqualitySelectivity : EqualitySelectivity,
        BoundIsNull isNull => isNull.Negated ? 1.0 - EqualitySelectivity : EqualitySelectivity,
        _ => RangeSelectivity,
    };
}
