namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Per-group Kahan-Babuska-Neumaier sums as SQLite 3.43+ keeps them (kahanBabuskaNeumaierStep,
/// ...StepInt64, ...Init): large integers are added in two exact parts; the error term is ignored
/// once it is infinite or NaN.
/// </summary>
internal sealed class CompensatedSums
{
    private const long ExactInDouble = 4503599627370496; // 2^52
    private double[] _sums = new double[16];
    private double[] _errors = new double[16];

    public void Grow(int groupCount)
    {
        if (_sums.Length < groupCount)
        {
            var size = Math.Max(groupCount, _sums.Length * 2);
            Array.Resize(ref _sums, size);
            Array.Resize(ref _errors, size);
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

    public double Value(int g) => double.IsFinite(_errors[g]) ? _sums[g] + _errors[g] : _sums[g];
}
