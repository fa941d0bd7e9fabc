using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Per-group Kahan-Babuska-Neumaier sums as SQLite 3.43+ keeps them (kahanBabuskaNeumaierStep,
/// ...StepInt64, ...Init): large integers are added in two exact parts; the error term is ignored
/// once it is infinite or NaN.
/// </summary>
internal sealed class CompensatedSums(QueryBuffers? buffers = null)
{
    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private const long ExactInDouble = 4503599627370496; // 2^52
    private double[] _sums = new double[16];
    private double[] _errors = new double[16];

    public void Grow(int groupCount)
    {
        if (_sums.Length < groupCount)
        {
            var size = Math.Max(groupCount, _sums.Length * 2);
            _buffers.Resize(ref _sums, size);
            _buffers.Resize(ref _errors, size);
        }
    }

    public void Start(int g, long value)
    {
        if (value <= -ExactInDouble || value >= ExactInDouble)
        {
            var small = value % 16384;
            _sums[g] = value - small;
            _errors[g] = small;
        }
        else
        {
            _sums[g] = value;
            _errors[g] = 0.0;
        }
    }

    public void AddInteger(int g, long value)
    {
        if (value <= -ExactInDouble || value >= ExactInDouble)
        {
            var small = value % 16384;
            Add(g, value - small);
            Add(g, small);
        }
        else
        {
            Add(g, value);
        }
    }

    public void Add(int g, double value)
    {
        var s = _sums[g];
        var t = s + value;
        _errors[g] += Math.Abs(s) > Math.Abs(value) ? (s - t) + value : (value - t) + s;
        _sums[g] = t;
    }

    /// <summary>
    /// <see cref="Add(int, double)"/> of the selected non-NULL rows, in order, into their groups, each counted in <paramref name="counts"/>.
    /// With <paramref name="groupRuns"/> the rows come in runs of one group: each run is added with the group's sum in registers
    /// (rows of one group one after another would otherwise wait on each other's stores).
    /// </summary>
    public void Add(ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, long[] counts, bool groupRuns)
    {
        if (groupRuns)
        {
            for (var start = 0; start < rows.Length;)
            {
                var g = groups[start];
                var end = start + 1;
                while (end < rows.Length && groups[end] == g)
                {
                    end++;
                }

                counts[g] += AddAll(g, values, nulls, rows[start..end]);
                start = end;
            }

            return;
        }

        var sums = _sums;
        var errors = _errors;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (nulls is null || !nulls[row])
            {
                var g = groups[k];
                counts[g]++;
                var s = sums[g];
                var value = values[row];
                var t = s + value;
                errors[g] += Math.Abs(s) > Math.Abs(value) ? (s - t) + value : (value - t) + s;
                sums[g] = t;
            }
        }
    }

    /// <summary><see cref="Add(int, double)"/> of the selected non-NULL rows, in order, into group <paramref name="g"/>, its sum held in registers; returns how many were added.</summary>
    public long AddAll(int g, ReadOnlySpan<double> values, bool[]? nulls, ReadOnlySpan<int> rows)
    {
        var s = _sums[g];
        var error = _errors[g];
        long added = 0;
        foreach (var row in rows)
        {
            if (nulls is null || !nulls[row])
            {
                added++;
                var value = values[row];
                var t = s + value;
                error += Math.Abs(s) > Math.Abs(value) ? (s - t) + value : (value - t) + s;
                s = t;
            }
        }

        _sums[g] = s;
        _errors[g] = error;
        return added;
    }

    public double Value(int g) => double.IsFinite(_errors[g]) ? _sums[g] + _errors[g] : _sums[g];
}
