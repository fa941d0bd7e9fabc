namespace Yoda.Columnar.Execution.Windows;

/// <summary>Equality of two rows on key columns, NULLs equal to each other (partition and peer membership).</summary>
internal static class WindowKeys
{
    public static bool Equal(ColumnVector[] keys, int a, int b)
    {
        foreach (var key in keys)
        {
            var (aNull, bNull) = (key.IsNull(a), key.IsNull(b));
            if (aNull || bNull)
            {
                if (aNull != bNull)
                {
                    return false;
                }

                continue;
            }

            if (ColumnVector.Compare(key, a, key, b) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
