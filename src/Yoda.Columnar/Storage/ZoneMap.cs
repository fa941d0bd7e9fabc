using System.Runtime.CompilerServices;
using System.Text.Unicode;
using Apache.Arrow;

namespace Yoda.Columnar.Storage;

/// <summary>
/// The smallest and largest non-NULL value of one column of one segment, for skipping segments a
/// filter cannot match. Values are <see cref="long"/>, <see cref="double"/> (ordered by
/// <c>CompareTo</c>, NaN lowest) or UTF-8 bytes (byte order). Computed on first use and kept for the
/// life of the Arrow array, which never changes once published; only Int64, Double and String
/// columns have one.
/// </summary>
public sealed class ZoneMap
{
    private static readonly ConditionalWeakTable<IArrowArray, ZoneMap> Cache = [];

    private ZoneMap(object? min, object? max, bool wellFormedText = true)
    {
        Min = min;
        Max = max;
        WellFormedText = wellFormedText;
    }

    /// <summary>The smallest value, or null when every row is NULL.</summary>
    public object? Min { get; }

    public object? Max { get; }

    public bool HasValues => Min is not null;

    /// <summary>
    /// For text, true when every value is well-formed UTF-8, so that byte order is the order of the
    /// strings they decode to and <see cref="Min"/> and <see cref="Max"/> are the column's MIN and MAX.
    /// </summary>
    public bool WellFormedText { get; }

    /// <summary>The zone map of <paramref name="array"/>, or null for column types without one.</summary>
    public static ZoneMap? Of(IArrowArray array) => array is Int64Array or DoubleArray or StringArray
        ? Cache.GetValue(array, Compute)
        : null;

    /// <summary>Orders two values of one zone map's kind (the constant must have the column's kind).</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        _ => ((byte[])a).AsSpan().SequenceCompareTo((byte[])b),
    };

    private static ZoneMap Compute(IArrowArray array) => array switch
    {
        Int64Array a => Numbers(a.Values, a),
        DoubleArray a => Numbers(a.Values, a),
        _ => Texts((StringArray)array),
    };

    private static ZoneMap Numbers<T>(ReadOnlySpan<T> values, IArrowArray array)
        where T : struct, IComparable<T>
    {
        T? min = null;
        T? max = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (array.NullCount > 0 && array.IsNull(i))
            {
                continue;
            }

            min = min is { } m && m.CompareTo(values[i]) <= 0 ? m : values[i];
            max = max is { } x && x.CompareTo(values[i]) >= 0 ? x : values[i];
        }

        return new ZoneMap(min, max);
    }

    private static ZoneMap Texts(StringArray array)
    {
        byte[]? min = null;
        byte[]? max = null;
        var wellFormed = true;
        for (var i = 0; i < array.Length; i++)
        {
            if (array.IsNull(i))
            {
                continue;
            }

            var value = array.GetBytes(i);
            wellFormed &= Utf8.IsValid(value);
            if (min is null || value.SequenceCompareTo(min) < 0)
            {
                min = value.ToArray();
            }

            if (max is null || value.SequenceCompareTo(max) > 0)
            {
                max = value.ToArray();
            }
        }

        return new ZoneMap(min, max, wellFormed);
    }
}
