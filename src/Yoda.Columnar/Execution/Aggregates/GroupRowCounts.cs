namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// The rows each group of one aggregation has had, counted once per chunk for all of its sums: a sum whose
/// argument had no NULL in any chunk so far has had exactly these values, so it needs no count of its own
/// (<see cref="IntegerSumPartial"/>, <see cref="RealSumPartial"/>). The aggregation adds a chunk's rows
/// after its states have folded the chunk, so that a state which starts counting for itself at a chunk
/// (<see cref="HandOver"/>) takes the rows before it.
/// </summary>
public sealed class GroupRowCounts
{
    private long[] _rows = new long[16];

    /// <summary>Rows of group <paramref name="g"/> (0 for a group not seen yet).</summary>
    public long this[int g] => g < _rows.Length ? _rows[g] : 0;

    /// <summary>Counts the chunk's rows into their groups (<c>groups[k]</c> is row k's).</summary>
    public void Add(ReadOnlySpan<int> groups, int groupCount)
    {
        if (_rows.Length < groupCount)
        {
            Array.Resize(ref _rows, Math.Max(groupCount, _rows.Length * 2));
        }

        var rows = _rows;
        foreach (var g in groups)
        {
            rows[g]++;
        }
    }

    /// <summary>
    /// Ends a state's use of the shared counts, if it still uses them: from this chunk on it counts its values
    /// itself, starting from the rows its groups had before (copied into <paramref name="counts"/>).
    /// </summary>
    public static void HandOver(ref GroupRowCounts? shared, long[] counts, int groupCount)
    {
        shared?.CopyTo(counts, groupCount);
        shared = null;
    }

    /// <summary>The counts of the first <paramref name="groupCount"/> groups, into <paramref name="counts"/> (at least that long).</summary>
    public void CopyTo(long[] counts, int groupCount)
    {
        for (var g = 0; g < groupCount; g++)
        {
            counts[g] = this[g];
        }
    }
}
