using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Windows;

/// <summary>Evaluates one window function call partition by partition, writing each row's result by physical row.</summary>
internal sealed class WindowEvaluator
{
    private readonly WindowCall _call;
    private readonly ColumnVector? _value;
    private readonly ColumnVector? _second;
    private readonly ColumnVector? _parameters;
    private readonly FrameAggregate? _aggregate;
    private readonly bool _sliding;

    public WindowEvaluator(WindowCall call, ColumnVector[] arguments, WindowFrame frame, int rowCount)
    {
        _call = call;
        _parameters = call.ParameterPerRow ? arguments[^1] : null;
        var values = call.ParameterPerRow ? arguments[..^1] : arguments;
        _value = values.Length > 0 ? values[0] : null;
        _second = values.Length > 1 ? values[1] : null;
        Output = ColumnVector.Create(call.ResultKind, rowCount, withNulls: true);
        if (call.Function >= WindowFunctionKind.CountStar)
        {
            // A moving start without EXCLUDE is SQLite's index of the frame's values, read at its last
            // entry: of equal extremes the one met last. Otherwise SQLite steps through the frame.
            var lastOfEqual = frame.Start != FrameBoundKind.UnboundedPreceding && frame.Exclusion == FrameExclusion.NoOthers;
            _aggregate = new FrameAggregate(call.Function, _value, _second, lastOfEqual);
            _sliding = frame.Exclusion == FrameExclusion.NoOthers
                && (_aggregate.CanRemove || frame.Start == FrameBoundKind.UnboundedPreceding);
        }
    }

    public ColumnVector Output { get; }

    /// <summary>Computes the partition's rows, checking <paramref name="ct"/> every 1,024 rows (a partition may hold the whole input).</summary>
    public void Evaluate(WindowPartition partition, CancellationToken ct)
    {
        switch (_call.Function)
        {
            case <= WindowFunctionKind.Ntile: Rank(partition, ct); break;
            case WindowFunctionKind.Lag or WindowFunctionKind.Lead: Offset(partition, ct); break;
            case <= WindowFunctionKind.NthValue: Value(partition, ct); break;
            default: Aggregate(partition, ct); break;
        }
    }

    private static void Checkpoint(int position, CancellationToken ct)
    {
        if ((position & 1023) == 0)
        {
            ct.ThrowIfCancellationRequested();
        }
    }

    private void Rank(WindowPartition p, CancellationToken ct)
    {
        var size = p.Size;
        var buckets = _parameters is null || _call.Function != WindowFunctionKind.Ntile ? _call.Parameter : Positive(_parameters, p.Order[p.Start], "argument of ntile must be a positive integer");
        var firstGroup = p.GroupOf(p.Start);
        for (var position = p.Start; position < p.End; position++)
        {
            Checkpoint(position, ct);
            var row = p.Order[position];
            var index = position - p.Start;
            var group = p.GroupOf(position);
            var rank = p.GroupStart(group) - p.Start + 1;
            Output.Nulls![row] = false;
            switch (_call.Function)
            {
                case WindowFunctionKind.RowNumber: Output.Longs[row] = index + 1; break;
                case WindowFunctionKind.Rank: Output.Longs[row] = rank; break;
                case WindowFunctionKind.DenseRank: Output.Longs[row] = group - firstGroup + 1; break;
                case WindowFunctionKind.PercentRank: Output.Doubles[row] = size > 1 ? (rank - 1) / (double)(size - 1) : 0.0; break;
                case WindowFunctionKind.CumeDist: Output.Doubles[row] = (p.GroupEnd(group) - p.Start) / (double)size; break;
                default: Output.Longs[row] = Ntile(index, size, buckets); break;
            }
        }
    }

    /// <summary>SQLite's ntile: the first (size mod n) buckets get one row more.</summary>
    private static long Ntile(long index, long size, long buckets)
    {
        var small = size / buckets;
        var large = size - (buckets * small);
        var largeRows = large * (small + 1);
        return index < largeRows ? (index / (small + 1)) + 1 : ((index - largeRows) / small) + large + 1;
    }

    /// <summary>A per-row parameter that must be a positive integer (SQLite's error otherwise).</summary>
    private static long Positive(ColumnVector parameters, int row, string message) =>
        !parameters.IsNull(row) && parameters.Longs[row] > 0 ? parameters.Longs[row] : throw new YodaException(message);

    /// <summary>lag/lead: the value <c>Parameter</c> rows before/after in the partition (a NULL offset finds none), else the default (NULL without one).</summary>
    private void Offset(WindowPartition p, CancellationToken ct)
    {
        var sign = _call.Function == WindowFunctionKind.Lag ? -1 : 1;
        for (var position = p.Start; position < p.End; position++)
        {
            Checkpoint(position, ct);
            var row = p.Order[position];
            var offset = _call.Parameter;
            var found = (_parameters is null || TryOffset(_parameters, row, out offset))
                && (sign > 0 || offset >= -1); // SQLite's lag() sees one row past the current one: lag(x, -1) is the next row, lag(x, -2) none.
            var source = position + (sign * (double)offset);
            if (found && source >= p.Start && source < p.End)
            {
                Output.CopyFrom(row, _value!, p.Order[(int)source]);
            }
            else if (_second is not null)
            {
                Output.CopyFrom(row, _second, row);
            }
            else
            {
                Output.Nulls![row] = true;
            }
        }
    }

    /// <summary>
    /// A per-row lag/lead offset as SQLite uses it (the current rowid plus or minus the value, which
    /// must then be an integer): INTEGERs as they are, integral REALs, text and blobs read as numbers
    /// (a text that is no number is 0); NULL, 1.5 or '1.5' find no row.
    /// </summary>
    private static bool TryOffset(ColumnVector parameters, int row, out long offset)
    {
        offset = 0;
        if (parameters.IsNull(row))
        {
            return false;
        }

        var value = parameters.KindAt(row) switch
        {
            ValueKind.Integer => parameters.LongAt(row),
            ValueKind.Real => NumericText.IntegralIfExact(parameters.DoubleAt(row)),
            ValueKind.Text => NumericText.ToNumeric(parameters.TextAt(row)),
            _ => NumericText.ToNumeric(Encoding.UTF8.GetString(parameters.BlobAt(row))),
        };
        offset = value is long integer ? integer : 0;
        return value is long;
    }

    /// <summary>
    /// nth_value's N on a row, as SQLite's nth_valueStepFunc reads it: an INTEGER, or a REAL or a text
    /// that is wholly an integral number ('2.0', ' 2 '); anything else, or N below 1, is an error.
    /// </summary>
    private static long NthValueParameter(ColumnVector parameters, int row)
    {
        var value = parameters.IsNull(row) ? null : parameters.KindAt(row) switch
        {
            ValueKind.Integer => parameters.LongAt(row),
            ValueKind.Real => NumericText.IntegralIfExact(parameters.DoubleAt(row)),
            ValueKind.Text => NumericText.TryWellFormed(parameters.TextAt(row)),
            _ => null,
        };
        return value is long n && n > 0 ? n : throw new YodaException("second argument to nth_value must be a positive integer");
    }

    /// <summary>first_value, last_value, nth_value: a row of the frame, or NULL when the frame is too small.</summary>
    private void Value(WindowPartition p, CancellationToken ct)
    {
        for (var position = p.Start; position < p.End; position++)
        {
            Checkpoint(position, ct);
            var row = p.Order[position];
            var frame = p.Frame(position);
            var n = _call.Function switch
            {
                WindowFunctionKind.FirstValue => 0,
                WindowFunctionKind.LastValue => frame.RowCount - 1,
                _ => (int)Math.Min((_parameters is null ? _call.Parameter : NthValueParameter(_parameters, row)) - 1, int.MaxValue),
            };
            var at = n < 0 ? -1 : frame.PositionAt(n);
            if (at < 0)
            {
                Output.Nulls![row] = true;
            }
            else
            {
                Output.CopyFrom(row, _value!, p.Order[at]);
            }
        }
    }

    /// <summary>
    /// Aggregates over each row's frame. Frame bounds never move backwards, so without EXCLUDE a frame
    /// slides: rows entering at the end are added and rows leaving at the start removed (only
    /// removable aggregates get a moving start, see the constructor); otherwise each frame is recomputed.
    /// </summary>
    private void Aggregate(WindowPartition p, CancellationToken ct)
    {
        var aggregate = _aggregate!;
        aggregate.Reset();
        var (start, end) = (p.Start, p.Start);
        for (var position = p.Start; position < p.End; position++)
        {
            Checkpoint(position, ct);
            if (_sliding)
            {
                var (frameStart, frameEnd) = p.Bounds(position);
                while (end < frameEnd)
                {
                    aggregate.Add(p.Order[end++]);
                }

                while (start < frameStart)
                {
                    aggregate.Remove(p.Order[start++]);
                }
            }
            else
            {
                // Each frame is recomputed: a row costs up to the partition's size, so check every row.
                ct.ThrowIfCancellationRequested();
                var frame = p.Frame(position);
                aggregate.Reset();
                for (var s = 0; s < frame.Count; s++)
                {
                    var (segmentStart, segmentEnd) = frame[s];
                    for (var at = segmentStart; at < segmentEnd; at++)
                    {
                        aggregate.Add(p.Order[at]);
                    }
                }
            }

            aggregate.WriteTo(Output, p.Order[position]);
        }
    }
}
