using System.Globalization;
using System.Numerics;
using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>DuckDB values, as DuckDB.NET reads them, in the storage value model (integer, real, text, blob, NULL).</summary>
internal static class DuckDbValues
{
    public static StorageValue From(object? value) => value switch
    {
        null or DBNull => StorageValue.Null,
        long v => StorageValue.FromInteger(v),
        int v => StorageValue.FromInteger(v),
        short v => StorageValue.FromInteger(v),
        sbyte v => StorageValue.FromInteger(v),
        byte v => StorageValue.FromInteger(v),
        ushort v => StorageValue.FromInteger(v),
        uint v => StorageValue.FromInteger(v),
        ulong v => v <= long.MaxValue ? StorageValue.FromInteger((long)v) : throw new YodaException($"integer overflow: {v} does not fit a 64-bit integer"),
        BigInteger v => v >= long.MinValue && v <= long.MaxValue
            ? StorageValue.FromInteger((long)v)
            : throw new YodaException($"integer overflow: {v} does not fit a 64-bit integer"),
        bool v => StorageValue.FromInteger(v ? 1 : 0),
        double v => StorageValue.FromReal(v),
        float v => StorageValue.FromReal(v),
        decimal v => StorageValue.FromReal((double)v),
        string v => StorageValue.FromText(v),
        byte[] v => StorageValue.FromBlob(v),
        Stream v => StorageValue.FromBlob(ReadAll(v)),
        DateTime v => StorageValue.FromText(v.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture)),
        DateOnly v => StorageValue.FromText(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly v => StorageValue.FromText(v.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture)),
        IFormattable v => StorageValue.FromText(v.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw new YodaException($"DuckDB values of .NET type {value.GetType().Name} are not supported yet"),
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
