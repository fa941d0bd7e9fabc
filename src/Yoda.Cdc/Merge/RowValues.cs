using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>Comparison of storage-model rows, used to recognise updates that change nothing.</summary>
internal static class RowValues
{
    /// <summary>Whether the first <paramref name="count"/> values of two rows are identical (reals bit for bit).</summary>
    public static bool SamePrefix(ReadOnlySpan<StorageValue> a, ReadOnlySpan<StorageValue> b, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!a[i].SameAs(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
