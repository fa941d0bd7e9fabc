using System.Text;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Windows;

/// <summary>
/// The running state of one aggregate over a frame, fed row by row (by physical row). COUNT, SUM,
/// TOTAL and AVG can also remove rows (SQLite's xInverse: sumInverse), so a sliding frame costs O(1)
/// per row; MIN, MAX and group_concat are recomputed when the frame's start moves. Values follow
/// SQLite's sumStep/sumInverse exactly: an exact integer sum until it overflows, then compensated sums;
/// texts and values whose class varies per row are read row by row as sumStep reads them.
/// The second argument is group_concat's separator, or the folded value MIN and MAX compare under a
/// NOCASE or RTRIM collation. Of equal extremes (under the collation, or 1 and 1.0) the first met is
/// kept, as SQLite's minmaxStep does, or with <paramref name="lastOfEqual"/> the last met, as SQLite's
/// index of a frame with a moving start gives.
/// </summary>
internal sealed class FrameAggregate(WindowFunctionKind function, ColumnVector? argument, ColumnVector? second, bool lastOfEqual)
{
    private readonly CompensatedSums _real = CreateSums();
    private readonly StringBuilder _text = new();
    private long _count;
    private long _integerSum;
    private bool _approximate;
    private bool _overflowed;
    private int _best = -1;
    private bool _anyText;

    public bool CanRemove => function is WindowFunctionKind.CountStar or WindowFunctionKind.Count
        or WindowFunctionKind.Sum or WindowFunctionKind.Total or WindowFunctionKind.Avg;

    public void Reset()
    {
        (_count, _integerSum, _approximate, _overflowed, _best, _anyText) = (0, 0, false, false, -1, false);
        _real.Start(0, 0L);
        _text.Clear();
    }

    public void Add(int row)
    {
        if (function == WindowFunctionKind.CountStar)
        {
            _count++;
            return;
        }

        if (argument!.IsNull(row))
        {
            return;
        }

        switch (function)
        {
            case WindowFunctionKind.Count:
                _count++;
                break;
            case WindowFunctionKind.Min or WindowFunctionKind.Max:
                var compared = second ?? argument;
                var order = _best < 0 ? 0 : ColumnVector.Compare(compared, row, compared, _best);
                if (_best < 0 || (function == WindowFunctionKind.Max ? order > 0 : order < 0) || (order == 0 && lastOfEqual))
                {
                    _best = row;
                }

                break;
            case WindowFunctionKind.GroupConcat:
                AppendText(row);
                break;
            default:
                AddNumber(row);
                break;
        }
    }

    public void Remove(int row)
    {
        if (function == WindowFunctionKind.CountStar)
        {
            _count--;
            return;
        }

        if (argument!.IsNull(row))
        {
            return;
        }

        _count--;
        if (function == WindowFunctionKind.Count)
        {
            return;
        }

        if (!IsIntegerSummand(row, out var value, out var real))
        {
            _real.Add(0, -real);
        }
        else if (!_approximate)
        {
            var difference = unchecked(_integerSum - value);
            if (((_integerSum ^ value) & (_integerSum ^ difference)) < 0)
            {
                (_overflowed, _approximate) = (true, true);
            }
            else
            {
                _integerSum = difference;
            }
        }
        else if (value != long.MinValue)
        {
            _real.AddInteger(0, -value);
        }
        else
        {
            _real.AddInteger(0, long.MaxValue);
            _real.AddInteger(0, 1);
        }
    }

    /// <summary>Writes the aggregate's current value into <paramref name="output"/> at <paramref name="row"/>.</summary>
    public void WriteTo(ColumnVector output, int row)
    {
        switch (function)
        {
            case WindowFunctionKind.CountStar or WindowFunctionKind.Count:
                output.Longs[row] = _count;
                return;
            case WindowFunctionKind.Min or WindowFunctionKind.Max:
                if (_best < 0)
                {
                    output.Nulls![row] = true;
                }
                else
                {
                    output.CopyFrom(row, argument!, _best);
                }

                return;
            case WindowFunctionKind.GroupConcat:
                output.Nulls![row] = !_anyText;
                output.Texts[row] = _anyText ? _text.ToString() : string.Empty;
                return;
        }

        if (function == WindowFunctionKind.Sum && output.Kind == ValueKind.Dynamic)
        {
            WriteDynamicSum(output, row);
            return;
        }

        if (function == WindowFunctionKind.Sum && output.Kind == ValueKind.Integer)
        {
            if (_overflowed)
            {
                throw new YodaException("integer overflow");
            }

            output.Nulls![row] = _count == 0;
            output.Longs[row] = _integerSum;
            return;
        }

        var sum = _approximate ? _real.Value(0) : _integerSum;
        var value = function == WindowFunctionKind.Avg ? sum / _count : sum;
        output.Doubles[row] = value;
        output.Nulls![row] = (function != WindowFunctionKind.Total && _count == 0) || double.IsNaN(value);
    }

    /// <summary>SUM over texts or values whose class varies: an INTEGER while every value was one (and the sum fits), else a REAL.</summary>
    private void WriteDynamicSum(ColumnVector output, int row)
    {
        if (_overflowed)
        {
            throw new YodaException("integer overflow");
        }

        var real = _approximate ? _real.Value(0) : 0;
        output.Nulls![row] = _count == 0 || double.IsNaN(real);
        if (_approximate)
        {
            output.Dynamic.SetDouble(row, real);
        }
        else
        {
            output.Dynamic.SetLong(row, _integerSum);
        }
    }

    /// <summary>How SQLite's sumStep reads a row: an INTEGER (true, with its value), else a REAL (texts as <see cref="NumericText.IsIntegerSummand"/> decides).</summary>
    private bool IsIntegerSummand(int row, out long integer, out double real)
    {
        (integer, real) = (0, 0);
        switch (argument!.KindAt(row))
        {
            case ValueKind.Integer:
                integer = argument.LongAt(row);
                return true;
            case ValueKind.Real:
                real = argument.DoubleAt(row);
                return false;
            case ValueKind.Text when NumericText.IsIntegerSummand(argument.TextAt(row), out integer):
                return true;
            case ValueKind.Text:
                real = NumericText.ToReal(argument.TextAt(row));
                return false;
            default:
                real = NumericText.RealOf(argument.BlobAt(row));
                return false;
        }
    }

    private void AddNumber(int row)
    {
        _count++;
        if (IsIntegerSummand(row, out var value, out var real))
        {
            if (_approximate)
            {
                _real.AddInteger(0, value);
                return;
            }

            var sum = unchecked(_integerSum + value);
            if (((_integerSum ^ sum) & (value ^ sum)) >= 0)
            {
                _integerSum = sum;
                return;
            }

            (_overflowed, _approximate) = (true, true);
            _real.Start(0, _integerSum);
            _real.AddInteger(0, value);
            return;
        }

        if (!_approximate)
        {
            _approximate = true;
            _real.Start(0, _integerSum);
        }
        else
        {
            _overflowed = false;
        }

        _real.Add(0, real);
    }

    /// <summary>group_concat: each value after the first is preceded by its own row's separator (',' by default, none when NULL).</summary>
    private void AppendText(int row)
    {
        if (_anyText)
        {
            if (second is null)
            {
                _text.Append(',');
            }
            else if (!second.IsNull(row))
            {
                _text.Append(second.Texts[row]);
            }
        }

        _anyText = true;
        _text.Append(argument!.KindAt(row) switch
        {
            ValueKind.Integer => NumericText.ToText(argument.LongAt(row)),
            ValueKind.Real => NumericText.ToText(argument.DoubleAt(row)),
            ValueKind.Text => argument.TextAt(row),
            _ => Encoding.UTF8.GetString(argument.BlobAt(row)),
        });
    }

    private static CompensatedSums CreateSums()
    {
        var sums = new CompensatedSums();
        sums.Grow(1);
        return sums;
    }
}
