using Apache.Arrow;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// A row top-N's boundary on its first sort key, handed down to the scan that feeds it: once the top-N
/// holds its budget of rows, a row whose first key orders after the worst kept row's cannot enter, so the
/// scan tests <c>key &lt;= bound</c> (<c>&gt;=</c> descending) before its own predicates and skips the
/// segments whose zone map rules that out. cb-topn-rows' <c>URL LIKE '%.ru/%'</c> then searches only the
/// rows of the first dates instead of every row. Only for a stored INTEGER or TEXT column (BINARY order is
/// the scan kernels' order) read by a scan whose every other test is a scan predicate, which cannot fail:
/// the rows it drops would have been dropped by the top-N, and no expression misses a row it would have
/// failed on. Rows that tie on the first key pass, for the top-N to settle on the other keys.
/// </summary>
public sealed class TopNScanBound(int column, bool descending, bool nullsFirst)
{
    private ScanPredicate? _current;

    /// <summary>The table column (schema index) of the first sort key.</summary>
    public int Column { get; } = column;

    /// <summary>The test of the boundary set last, null before the top-N holds its budget.</summary>
    public ScanPredicate? Current => Volatile.Read(ref _current);

    /// <summary>Forgets the boundary, for a new run of the plan.</summary>
    public void Reset() => Volatile.Write(ref _current, null);

    /// <summary>
    /// Whether the boundary's test may be applied to a segment's array: it drops NULLs, which is right where
    /// NULLs sort last (after the non-NULL boundary) and wrong where they sort first, unless there are none.
    /// </summary>
    public bool AppliesTo(IArrowArray array) => !nullsFirst || array.NullCount == 0;

    /// <summary>
    /// Sets the boundary to the first key of <paramref name="row"/> of <paramref name="key"/>, the worst row
    /// the top-N keeps. A NULL, or a text that is not well-formed UTF-16, sets none.
    /// </summary>
    public void Tighten(ColumnVector key, int row)
    {
        if (key.IsNull(row) || ValueOf(key, row) is not { } value)
        {
            return;
        }

        var op = descending ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.LessOrEqual;
        Volatile.Write(ref _current, new ComparisonPredicate(Column, op, value, $"top-N bound {(descending ? ">=" : "<=")} {value}"));
    }

    private static object? ValueOf(ColumnVector key, int row) => key.Kind switch
    {
        ValueKind.Integer => key.LongValues[row],
        ValueKind.Text when Utf16Text.IsValid(key.TextOf(row)) => key.TextOf(row),
        _ => null,
    };
}
