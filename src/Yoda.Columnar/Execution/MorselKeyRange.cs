namespace Yoda.Columnar.Execution;

/// <summary>
/// What one morsel's INTEGER column can hold, known before the morsel is read (a segment's zone map and
/// null count): values between <see cref="Min"/> and <see cref="Max"/> when <see cref="HasValues"/>, and
/// NULLs when <see cref="HasNulls"/>, in at most <see cref="Rows"/> rows (<see cref="int.MaxValue"/>: not known). Deleted
/// or filtered rows only make the range wider and the row count larger than needed.
/// </summary>
public readonly record struct MorselKeyRange(bool HasValues, long Min, long Max, bool HasNulls, int Rows = int.MaxValue)
{
    /// <summary>
    /// The most distinct keys (NULL one of them) the morsel can hold: its row count, or fewer where the range is
    /// narrower (a group table by this key never has more groups).
    /// </summary>
    public int MostDistinctKeys
    {
        get
        {
            var inRange = HasValues ? (Int128)Max - Min + 1 : 0;
            return (int)Int128.Min(Rows, inRange + (HasNulls ? 1 : 0));
        }
    }

    /// <summary>
    /// Whether the morsels' values ascend in morsel order: every morsel's lowest value is at least the
    /// highest of the morsels before it, and at most one morsel has NULLs. Then a value occurs in one morsel,
    /// or, a morsel's highest, also as the lowest of the next ones (lineitem's rows of an order split by a
    /// segment's end): <paramref name="sharesLowest"/> tells for each morsel whether its lowest value is
    /// the highest of the morsels before it.
    /// </summary>
    public static bool Ascend(IReadOnlyList<MorselKeyRange> ranges, out bool[] sharesLowest)
    {
        sharesLowest = new bool[ranges.Count];
        var withNulls = 0;
        long? highest = null;
        for (var m = 0; m < ranges.Count; m++)
        {
            var range = ranges[m];
            withNulls += range.HasNulls ? 1 : 0;
            if (!range.HasValues)
            {
                continue;
            }

            if (range.Min < highest)
            {
                return false;
            }

            sharesLowest[m] = range.Min == highest;
            highest = range.Max;
        }

        return withNulls <= 1;
    }
}
