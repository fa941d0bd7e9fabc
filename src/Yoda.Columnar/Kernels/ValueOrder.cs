namespace Yoda.Columnar.Kernels;

/// <summary>SQLite's ordering of values: NULL &lt; numbers &lt; text &lt; blob; INTEGER and REAL compare exactly.</summary>
public static class ValueOrder
{
    /// <summary>Compares an INTEGER with a REAL without losing the integer's low bits.</summary>
    public static int CompareIntReal(long i, double r)
    {
        if (double.IsNaN(r))
        {
            return 1;
        }

        if (r < -9.2233720368547758e18)
        {
            return 1;
        }

        if (r >= 9.2233720368547758e18)
        {
            return -1;
        }

        var truncated = (long)r;
        if (i != truncated)
        {
            return i < truncated ? -1 : 1;
        }

        var fraction = r - truncated;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /// <summary>Compares two non-null boxed values (long, double, string, byte[]).</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (long x, double y) => CompareIntReal(x, y),
        (double x, long y) => -CompareIntReal(y, x),
        (string x, string y) => TextKernels.CompareBinary(x, y),
        (byte[] x, byte[] y) => TextKernels.CompareBlobs(x, y),
        _ => Rank(a).CompareTo(Rank(b)),
    };

    private static int Rank(object value) => value switch
    {
        long or double => 1,
        string => 2,
        _ => 3,
    };
}
