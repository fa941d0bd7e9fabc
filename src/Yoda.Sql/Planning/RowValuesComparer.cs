using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Planning;

/// <summary>Equality of rows of boxed values (null, long, double, string, byte[]) with NULLs equal, as DISTINCT compares.</summary>
internal sealed class RowValuesComparer : IEqualityComparer<object?[]>
{
    public static readonly RowValuesComparer Instance = new();

    public bool Equals(object?[]? x, object?[]? y)
    {
        if (x is null || y is null || x.Length != y.Length)
        {
            return ReferenceEquals(x, y);
        }

        for (var i = 0; i < x.Length; i++)
        {
            var same = (x[i], y[i]) switch
            {
                (null, null) => true,
                (byte[] a, byte[] b) => TextKernels.CompareBlobs(a, b) == 0,
                (var a, var b) => Equals(a, b),
            };
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(object?[] row)
    {
        var hash = new HashCode();
        foreach (var value in row)
        {
            hash.Add(value is byte[] b ? b.Length : value?.GetHashCode() ?? 0);
        }

        return hash.ToHashCode();
    }
}
