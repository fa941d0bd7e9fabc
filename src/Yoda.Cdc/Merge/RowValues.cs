namespace Yoda.Cdc.Merge;

/// <summary>Comparison of storage-model rows, used to recognise updates that change nothing.</summary>
internal static class RowValues
{
    /// <summary>Whether the first <paramref name="count"/> values of two rows are identical (reals bit for bit).</summary>
    public static bool SamePrefix(object?[] a, object?[] b, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var same = (a[i], b[i]) switch
            {
                (null, null) => true,
                (long x, long y) => x == y,
                (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
                (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
                (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
                _ => false,
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }
}
