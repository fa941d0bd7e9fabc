using System.Text;
using Apache.Arrow;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Scan;

/// <summary>
/// <c>column IN (constants)</c> on an Int64, Double or String column, the constants of the column's
/// kind. Integer constants that form one run (such as 0, 1, 2, 3) are tested as a range.
/// </summary>
public sealed class InListPredicate : ScanPredicate
{
    private readonly object[] _constants;
    private readonly long[] _longs;
    private readonly double[] _doubles;
    private readonly byte[][] _texts;
    private readonly (long Low, ulong Width)? _run;
    private readonly CodedTextFilter? _coded;

    public InListPredicate(int column, IReadOnlyList<object> constants, string description)
        : base(column, description)
    {
        _constants = constants.Select(c => c is string text ? Encoding.UTF8.GetBytes(text) : c).ToArray();
        _longs = _constants.OfType<long>().ToArray();
        _doubles = _constants.OfType<double>().ToArray();
        _texts = _constants.OfType<byte[]>().ToArray();
        _run = _longs.Length == _constants.Length ? RunOf([.. _longs.Distinct()]) : null;
        _coded = _texts.Length > 0 ? new CodedTextFilter(IsListed) : null;
    }

    /// <summary>
    /// The range [Low, Low + Width] when the <paramref name="distinct"/> integers are exactly its values
    /// (<c>IN (0, 1, 2, 3)</c>), so that membership is one unsigned comparison; else null.
    /// </summary>
    internal static (long Low, ulong Width)? RunOf(long[] distinct)
    {
        if (distinct.Length == 0)
        {
            return null;
        }

        var (low, high) = (distinct.Min(), distinct.Max());
        return (ulong)(high - low) == (ulong)(distinct.Length - 1) ? (low, (ulong)(high - low)) : null;
    }

    public override bool MayMatch(ZoneMap zone) =>
        zone.HasValues && _constants.Any(c => ZoneMap.Compare(zone.Min!, c) <= 0 && ZoneMap.Compare(zone.Max!, c) >= 0);

    /// <summary>Dense input reads the shared identity positions, not a copy of them in rows.</summary>
    protected override bool ReadsDenseRowsItself(IArrowArray array) => array is Int64Array or DoubleArray or StringArray;

    protected override int FilterValues(IArrowArray array, int start, int[] rows, int count, bool dense)
    {
        if (_coded is not null && _coded.CodesOf(array, start) is { } codes)
        {
            return _coded.Filter((StringArray)array, codes, start, rows, count, dense);
        }

        var selected = dense ? Chunk.FirstRows(count) : rows.AsSpan(0, count);
        return array switch
        {
            Int64Array a when _run is { } run => SelectRun(a.Values.Slice(start), run.Low, run.Width, selected, rows),
            Int64Array a => SelectionKernels.SelectRowsIn(a.Values.Slice(start), _longs, selected, rows),
            DoubleArray a => SelectionKernels.SelectRowsIn(a.Values.Slice(start), _doubles, selected, rows),
            StringArray a => SelectionKernels.SelectTextRowsIn(Offsets(a, start, selected[^1] + 1), a.Values, _texts, selected, rows),
            _ => throw new InvalidOperationException($"no scan predicate for {array.Data.DataType.Name} columns"),
        };
    }

    /// <summary>Numbers, and texts once their array is dictionary-coded (<see cref="CodedTextFilter"/>).</summary>
    public override bool HasMaskKernel(IArrowArray array) => _coded is not null && _coded.IsCoded(array);

    protected override void NarrowValues(IArrowArray array, int start, int length, Span<ulong> mask) =>
        _coded!.Narrow((StringArray)array, _coded.CodesOf(array, start)!, start, length, mask);

    private bool IsListed(ReadOnlySpan<byte> text)
    {
        foreach (var constant in _texts)
        {
            if (text.SequenceEqual(constant))
            {
                return true;
            }
        }

        return false;
    }

    private static int SelectRun(ReadOnlySpan<long> values, long low, ulong width, ReadOnlySpan<int> rows, Span<int> output)
    {
        var n = 0;
        foreach (var row in rows)
        {
            output[n] = row;
            n += (ulong)(values[row] - low) <= width ? 1 : 0;
        }

        return n;
    }
}
