namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of (group, INTEGER value) pairs for COUNT(DISTINCT …) and the like: open addressing with
/// linear probing over flat arrays, at most half full; nothing is allocated per pair.
/// </summary>
internal sealed class GroupIntegerSet
{
    private long[] _values = new long[64];

    /// <summary>The group + 1 of each slot; 0 marks an empty slot.</summary>
    private int[] _groups = new int[64];

    private int _count;

    /// <summary>Adds the pair; false when it was already there.</summary>
    public bool Add(int group, long value)
    {
        var mask = _groups.Length - 1;
        for (var slot = Slot(group, value, mask); ; slot = (slot + 1) & mask)
        {
            var occupant = _groups[slot];
            if (occupant == 0)
            {
                (_groups[slot], _values[slot]) = (group + 1, value);
                if (++_count * 2 > _groups.Length)
                {
                    Grow();
                }

                return true;
            }

            if (occupant == group + 1 && _values[slot] == value)
            {
                return false;
            }
        }
    }

    private static int Slot(int group, long value, int mask) =>
        (int)((((ulong)value + ((ulong)(uint)group * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL) >> 33) & mask;

    private void Grow()
    {
        var (values, groups) = (_values, _groups);
        _values = new long[values.Length * 2];
        _groups = new int[groups.Length * 2];
        var mask = _groups.Length - 1;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] == 0)
            {
                continue;
            }

            var slot = Slot(groups[i] - 1, values[i], mask);
            while (_groups[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            (_groups[slot], _values[slot]) = (groups[i], values[i]);
        }
    }
}
