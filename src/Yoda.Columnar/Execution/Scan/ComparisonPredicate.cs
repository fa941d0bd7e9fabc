using System.Text;
using Apache.Arrow;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// <c>column &lt;op&gt; constant</c> on an Int64, Double or String column, the constant being a
/// <see cref="long"/>, <see cref="double"/> or <see cref="string"/> of the column's kind; text
/// compares in UTF-8 byte order (SQLite's BINARY collation).
/// </summary>
public sealed class ComparisonPredicate : ScanPredicate
{
    private readonly ComparisonOperator _op;
    private readonly object _constant;
    private readonly CodedTextFilter? _coded;

    public ComparisonPredicate(int column, ComparisonOperator op, object constant, string description)
        : base(column, description)
    {
        if (op is ComparisonOperator.Is or ComparisonOperator.IsNot)
        {
            throw new ArgumentException("IS and IS NOT are not scan predicates", nameof(op));
        }

        _op = op;
        _constant = constant is string text ? Encoding.UTF8.GetBytes(text) : constant;
        _coded = _constant is byte[] bytes ? new CodedTextFilter(passes: null, bound: new CodedTextFilter.Bound(op, bytes)) : null;
    }

    /// <summary>True for a text column (UTF-8 byte comparisons), false for a numeric one.</summary>
    public bool ComparesText => _constant is byte[];

    public ComparisonOperator Operator => _op;

    /// <summary>The constant compared with: a <see cref="long"/>, a <see cref="double"/>, or a text's UTF-8 bytes.</summary>
    public object Constant => _constant;

    public override bool MayMatch(ZoneMap zone)
    {
        if (!zone.HasValues)
        {
            return false;
        }

        var (min, max) = (ZoneMap.Compare(zone.Min!, _constant), ZoneMap.Compare(zone.Max!, _constant));
        return _op switch
        {
            ComparisonOperator.Equal => min <= 0 && max >= 0,
            ComparisonOperator.NotEqual => min != 0 || max != 0,
            ComparisonOperator.Less => min < 0,
            ComparisonOperator.LessOrEqual => min <= 0,
            ComparisonOperator.Greater => max > 0,
            _ => max >= 0,
        };
    }

    public override bool MatchesAll(ZoneMap zone)
    {
        // NaN sorts lowest in a zone map but fails every kernel comparison: such a segment is tested.
        if (!zone.HasValues || zone.Min is double.NaN)
        {
            return false;
        }

        // The zone map orders values as the filter kernels do (byte order for text, CompareTo for numbers).
        var (min, max) = (ZoneMap.Compare(zone.Min!, _constant), ZoneMap.Compare(zone.Max!, _constant));
        return _op switch
        {
            ComparisonOperator.Equal => min == 0 && max == 0,
            ComparisonOperator.NotEqual => min > 0 || max < 0,
            ComparisonOperator.Less => max < 0,
            ComparisonOperator.LessOrEqual => max <= 0,
            ComparisonOperator.Greater => min > 0,
            _ => min >= 0,
        };
    }

    protected override bool ReadsDenseRowsItself(IArrowArray array) => array is Int64Array or DoubleArray or StringArray;

    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense) =>
        _coded is not null && _coded.CodesOf(array, start) is { } codes
            ? _coded.Filter((StringArray)array, codes, start, rows, count, dense)
            : FilterBytes(array, start, rows, count, dense);

    private int FilterBytes(IArrowArray array, int start, int[] rows, int count, bool dense) => _op switch
    {
        ComparisonOperator.Equal => Filter<EqualTest>(array, start, rows, count, dense),
        ComparisonOperator.NotEqual => Filter<NotEqualTest>(array, start, rows, count, dense),
        ComparisonOperator.Less => Filter<LessTest>(array, start, rows, count, dense),
        ComparisonOperator.LessOrEqual => Filter<LessOrEqualTest>(array, start, rows, count, dense),
        ComparisonOperator.Greater => Filter<GreaterTest>(array, start, rows, count, dense),
        _ => Filter<GreaterOrEqualTest>(array, start, rows, count, dense),
    };

    /// <summary>Numbers, and texts once their array is dictionary-coded (<see cref="CodedTextFilter"/>).</summary>
    public override bool HasMaskKernel(IArrowArray array) => array is Int64Array or DoubleArray || (_coded is not null && _coded.IsCoded(array));

    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask)
    {
        if (array is StringArray strings)
        {
            _coded!.Narrow(strings, _coded.CodesOf(strings, start)!, start, length, mask);
            return;
        }

        switch (_op)
        {
            case ComparisonOperator.Equal:
                Narrow<EqualTest>(array, start, length, mask);
                break;
            case ComparisonOperator.NotEqual:
                Narrow<NotEqualTest>(array, start, length, mask);
                break;
            case ComparisonOperator.Less:
                Narrow<LessTest>(array, start, length, mask);
                break;
            case ComparisonOperator.LessOrEqual:
                Narrow<LessOrEqualTest>(array, start, length, mask);
                break;
            case ComparisonOperator.Greater:
                Narrow<GreaterTest>(array, start, length, mask);
                break;
            default:
                Narrow<GreaterOrEqualTest>(array, start, length, mask);
                break;
        }
    }

    public override long? NarrowAndSum(IArrowArray array, int length, Span<ulong> mask) => _op switch
    {
        ComparisonOperator.Equal => Sum<EqualTest>(array, length, mask),
        ComparisonOperator.NotEqual => Sum<NotEqualTest>(array, length, mask),
        ComparisonOperator.Less => Sum<LessTest>(array, length, mask),
        ComparisonOperator.LessOrEqual => Sum<LessOrEqualTest>(array, length, mask),
        ComparisonOperator.Greater => Sum<GreaterTest>(array, length, mask),
        _ => Sum<GreaterOrEqualTest>(array, length, mask),
    };

    private long? Sum<TTest>(IArrowArray array, int length, Span<ulong> mask)
        where TTest : struct, IOrderTest => RangePredicate.SumNumbers<TTest, PassTest>(array, length, _constant, _constant, mask);

    private void Narrow<TTest>(IArrowArray array, int start, int length, Span<ulong> mask)
        where TTest : struct, IOrderTest => RangePredicate.NarrowNumbers<TTest, PassTest>(array, start, length, _constant, _constant, mask);

    private int Filter<TTest>(IArrowArray array, int start, int[] rows, int count, bool dense)
        where TTest : struct, IOrderTest => array switch
    {
        Int64Array a => Numbers<long, TTest>(a.Values.Slice(start), (long)_constant, rows, count, dense),
        DoubleArray a => Numbers<double, TTest>(a.Values.Slice(start), (double)_constant, rows, count, dense),
        // Dense input reads the shared identity positions, not a copy of them in rows.
        StringArray a => dense
            ? SelectionKernels.SelectTextRows<TTest>(Offsets(a, start, count), a.Values, (byte[])_constant, Chunk.FirstRows(count), rows)
            : SelectionKernels.SelectTextRows<TTest>(Offsets(a, start, rows[count - 1] + 1), a.Values, (byte[])_constant, rows.AsSpan(0, count), rows),
        _ => throw new InvalidOperationException($"no scan predicate for {array.Data.DataType.Name} columns"),
    };

    private static int Numbers<T, TTest>(ReadOnlySpan<T> values, T constant, int[] rows, int count, bool dense)
        where T : unmanaged, System.Numerics.INumber<T>
        where TTest : struct, IOrderTest =>
        dense
            ? SelectionKernels.SelectAll<T, TTest>(values[..count], constant, rows)
            : SelectionKernels.SelectRows<T, TTest>(values, constant, rows.AsSpan(0, count), rows);
}
