using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution;

/// <summary>
/// An INTEGER or REAL vector read from a stored Int64 or Double array refers to the stored values
/// instead of copying them: loops that read many rows take <see cref="LongValues"/> or
/// <see cref="DoubleValues"/>, spans over storage; <see cref="Longs"/> and <see cref="Doubles"/> copy
/// the values into an array on first use, for code that needs one (or writes to it).
/// </summary>
public sealed partial class ColumnVector
{
    private Int64Array? _storedLongs;
    private DoubleArray? _storedDoubles;
    private int _storedStart;

    /// <summary>Rows <paramref name="start"/> .. + <paramref name="length"/> of a stored Int64 array, not copied.</summary>
    public static ColumnVector OfStoredLongs(Int64Array array, int start, int length, bool[]? nulls) =>
        new(ValueKind.Integer, length, null, null, null, null, nulls) { _storedLongs = array, _storedStart = start };

    /// <summary>Rows <paramref name="start"/> .. + <paramref name="length"/> of a stored Double array, not copied.</summary>
    public static ColumnVector OfStoredDoubles(DoubleArray array, int start, int length, bool[]? nulls) =>
        new(ValueKind.Real, length, null, null, null, null, nulls) { _storedDoubles = array, _storedStart = start };

    /// <summary>The values of an INTEGER vector, read-only, without copying stored values.</summary>
    public ReadOnlySpan<long> LongValues => _longs ?? (_storedLongs is not null ? StoredLongs : Absent<long[]>());

    /// <summary>The values of a REAL vector, read-only, without copying stored values.</summary>
    public ReadOnlySpan<double> DoubleValues => _doubles ?? (_storedDoubles is not null ? StoredDoubles : Absent<double[]>());

    /// <summary>
    /// For an INTEGER vector still over its stored array (never copied into <see cref="Longs"/>, so never written):
    /// the smallest and largest non-NULL value of the whole stored array, from its <see cref="ZoneMap"/> (cached
    /// with the array), which bound this vector's non-NULL values; (0, 0) when the array has none. Null for other vectors.
    /// The array holds every row it was written with, deleted ones too: a bound on more rows than are read, never on fewer.
    /// </summary>
    public (long Min, long Max)? StoredLongRange =>
        _longs is null && _storedLongs is not null && ZoneMap.Of(_storedLongs) is { } zone
            ? zone.HasValues ? ((long)zone.Min!, (long)zone.Max!) : (0, 0)
            : null;

    private ReadOnlySpan<long> StoredLongs => _storedLongs!.Values.Slice(_storedStart, Length);

    private ReadOnlySpan<double> StoredDoubles => _storedDoubles!.Values.Slice(_storedStart, Length);
}
