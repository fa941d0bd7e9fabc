namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The equality keys of INTEGER and REAL values for DISTINCT, as INTEGERs: an INTEGER is its own key;
/// a REAL's is its bits, with -0.0 as 0.0 (they are equal in SQL) and one NaN for every NaN.
/// </summary>
internal sealed class DistinctKeys
{
    private long[] _realKeys = [];

    /// <summary>The keys of the selected rows of an INTEGER or REAL vector, indexed by row as the vector is.</summary>
    public ReadOnlySpan<long> Of(ColumnVector values, ReadOnlySpan<int> rows)
    {
        if (values.Kind == ValueKind.Integer)
        {
            return values.LongValues;
        }

        var doubles = values.DoubleValues;
        if (_realKeys.Length < doubles.Length)
        {
            _realKeys = new long[Math.Max(doubles.Length, Chunk.Capacity)];
        }

        foreach (var row in rows)
        {
            _realKeys[row] = RealKey(doubles[row]);
        }

        return _realKeys.AsSpan(0, doubles.Length);
    }

    public static long RealKey(double value) =>
        BitConverter.DoubleToInt64Bits(value == 0 ? 0.0 : double.IsNaN(value) ? double.NaN : value);
}
