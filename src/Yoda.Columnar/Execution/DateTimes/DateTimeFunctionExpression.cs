using System.Globalization;
using System.Text;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.DateTimes;

/// <summary>
/// date(), time(), datetime(), julianday(), unixepoch(), strftime() and timediff() over vectors,
/// as SQLite's date.c computes them. Constant modifiers (and a constant strftime format) are read
/// once; a NULL argument, an unreadable time value or a failing modifier gives NULL. 'now' is the
/// statement's time, the same on every row.
/// </summary>
public sealed class DateTimeFunctionExpression : VectorExpression
{
    private readonly DateTimeFunction _function;
    private readonly VectorExpression[] _arguments;
    private readonly long _nowJulianMs;
    private readonly int _firstTimeValue;
    private readonly DateModifier?[] _modifiers;
    private readonly string? _format;
    private readonly bool _constantNull;

    public DateTimeFunctionExpression(DateTimeFunction function, ValueKind kind, IReadOnlyList<VectorExpression> arguments, DateTime nowUtc)
        : base(kind)
    {
        _function = function;
        _arguments = [.. arguments];
        _nowJulianMs = DateTimeState.UnixEpochJulianMs + (nowUtc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        _firstTimeValue = function == DateTimeFunction.Strftime ? 1 : 0;
        _constantNull = _arguments.Any(a => a is ConstantExpression { Value: null });
        _modifiers = new DateModifier?[_arguments.Length];
        for (var k = _firstTimeValue + 1; k < _arguments.Length && function != DateTimeFunction.TimeDiff; k++)
        {
            if (_arguments[k] is ConstantExpression { Value: { } value })
            {
                _modifiers[k] = DateModifier.Parse(TextOf(value), k - _firstTimeValue);
            }
        }

        if (function == DateTimeFunction.Strftime && _arguments.Length > 0 && _arguments[0] is ConstantExpression { Value: { } format })
        {
            _format = TextOf(format);
        }
    }

    public override bool IsParallelSafe => _arguments.All(a => a.IsParallelSafe);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var inputs = new ColumnVector[_arguments.Length];
        for (var k = 0; k < inputs.Length; k++)
        {
            inputs[k] = _arguments[k].Evaluate(chunk);
        }

        var output = ColumnVector.Create(Kind, chunk.PhysicalLength, withNulls: true);
        var text = _function == DateTimeFunction.Strftime ? new StringBuilder() : null;
        foreach (var row in chunk.Selection)
        {
            if (_constantNull || !EvaluateRow(inputs, row, output, text))
            {
                output.Nulls![row] = true;
            }
        }

        return output;
    }

    private bool EvaluateRow(ColumnVector[] inputs, int row, ColumnVector output, StringBuilder? text)
    {
        foreach (var input in inputs)
        {
            if (input.IsNull(row))
            {
                return false;
            }
        }

        if (_function == DateTimeFunction.TimeDiff)
        {
            if (inputs.Length != 2 || !TryTimeValue(inputs, 0, 1, row, out var d1) || !TryTimeValue(inputs, 1, 2, row, out var d2))
            {
                return false;
            }

            output.Texts[row] = DateFormatter.TimeDiff(d1, d2);
            return true;
        }

        if (!TryTimeValue(inputs, _firstTimeValue, inputs.Length, row, out var p))
        {
            return false;
        }

        switch (_function)
        {
            case DateTimeFunction.Date: output.Texts[row] = DateFormatter.Date(ref p); break;
            case DateTimeFunction.Time: output.Texts[row] = DateFormatter.Time(ref p); break;
            case DateTimeFunction.DateTime: output.Texts[row] = DateFormatter.DateTime(ref p); break;
            case DateTimeFunction.JulianDay: output.Doubles[row] = DateFormatter.JulianDay(ref p); break;
            case DateTimeFunction.UnixEpoch when Kind == ValueKind.Integer: output.Longs[row] = DateFormatter.UnixEpoch(ref p); break;
            case DateTimeFunction.UnixEpoch when p.UseSubsec: output.Dynamic.SetDouble(row, DateFormatter.UnixEpochWithSubsec(ref p)); break;
            case DateTimeFunction.UnixEpoch: output.Dynamic.SetLong(row, DateFormatter.UnixEpoch(ref p)); break;
            default:
                if (inputs.Length == 0 || DateFormatter.Strftime(_format ?? TextAt(inputs[0], row), ref p, text!) is not { } formatted)
                {
                    return false;
                }

                output.Texts[row] = formatted;
                break;
        }

        return true;
    }

    /// <summary>SQLite's isDate over arguments [first, end): the time value (now when there is none), then its modifiers.</summary>
    private bool TryTimeValue(ColumnVector[] inputs, int first, int end, int row, out DateTimeState p)
    {
        p = default;
        if (first >= end)
        {
            p.SetNow(_nowJulianMs);
            return true;
        }

        var value = inputs[first];
        switch (value.KindAt(row))
        {
            case ValueKind.Integer: p.SetRawNumber(value.LongAt(row)); break;
            case ValueKind.Real: p.SetRawNumber(value.DoubleAt(row)); break;
            default:
                if (!TimeValueParser.TryParse(TextAt(value, row), _nowJulianMs, ref p))
                {
                    return false;
                }

                break;
        }

        for (var k = first + 1; k < end; k++)
        {
            var modifier = _modifiers[k] ?? DateModifier.Parse(TextAt(inputs[k], row), k - first);
            if (!modifier.Apply(ref p))
            {
                return false;
            }
        }

        p.ComputeJulian();
        if (p.IsError || !DateTimeState.IsValidJulian(p.JulianMs))
        {
            return false;
        }

        if (end - first == 1 && p.ValidYmd && p.D > 28)
        {
            // A lone YYYY-MM-DD is normalized (2023-02-31 is 2023-03-03).
            p.ValidYmd = false;
        }

        return true;
    }

    private static string TextAt(ColumnVector vector, int row) => vector.KindAt(row) switch
    {
        ValueKind.Text => vector.TextAt(row),
        ValueKind.Integer => vector.LongAt(row).ToString(CultureInfo.InvariantCulture),
        ValueKind.Real => RealFormatter.Format(vector.DoubleAt(row)),
        _ => Encoding.UTF8.GetString(vector.BlobAt(row)),
    };

    private static string TextOf(object value) => NumericText.ToText(value);
}
