using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of (group, INTEGER value) pairs for COUNT(DISTINCT …) and the like: open addressing with
/// linear probing over one flat array of slots (a pair and its occupancy in one cache line), at
/// most half full; nothing is allocated per pair.
/// </summary>
internal sealed class GroupIntegerSet
{
    /// <summary>Above this many slots the table outgrows the caches, and a batch prefetches its slots before probing.</summary>
    private const int PrefetchSlots = 1 << 16;

    /// <summary>Rows ahead of the one probed whose slot is prefetched.</summary>
    private const int PrefetchDistance = 16;

    private Slot[] _slots = new Slot[64];
    private int _count;
    private int[] _hashes = [];

    public int Count => _count;

    /// <summary>Bytes of the slot array (for the query memory limit).</summary>
    public long Bytes => (long)_slots.Length * Unsafe.SizeOf<Slot>();

    /// <summary>Adds the pair; false when it was already there.</summary>
    public bool Add(int group, long value) => AddHashed(group, value, Hash(group, value));

    /// <summary>
    /// Adds the pair (<c>groups[k]</c>, <c>values[rows[k]]</c>) of every selected row that is not NULL
    /// (<paramref name="nulls"/>), in order, and writes the rows and groups of the pairs that were new
    /// to <paramref name="newRows"/> and <paramref name="newGroups"/>; returns how many.
    /// </summary>
    public unsafe int AddRows(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, Span<int> newRows, Span<int> newGroups)
    {
        // Past the caches, all rows are hashed first and the slot of the row PrefetchDistance ahead
        // is prefetched while this one is probed, so that the misses overlap.
        var prefetch = _slots.Length >= PrefetchSlots && Sse.IsSupported;
        if (prefetch)
        {
            if (_hashes.Length < rows.Length)
            {
                _hashes = new int[Math.Max(rows.Length, Chunk.Capacity)];
            }

            for (var k = 0; k < rows.Length; k++)
            {
                _hashes[k] = Hash(groups[k], values[rows[k]]);
            }
        }

        var added = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (prefetch && k + PrefetchDistance < rows.Length)
            {
                fixed (Slot* slot = &_slots[_hashes[k + PrefetchDistance] & (_slots.Length - 1)])
                {
                    Sse.Prefetch0(slot);
                }
            }

            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var (group, value) = (groups[k], values[row]);
            if (AddHashed(group, value, prefetch ? _hashes[k] : Hash(group, value)))
            {
                newRows[added] = row;
                newGroups[added++] = group;
            }
        }

        return added;
    }

    private bool AddHashed(int group, long value, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            ref var occupant = ref slots[slot];
            if (occupant.GroupPlusOne == 0)
            {
                occupant = new Slot(value, group + 1);
                if (++_count * 2 > slots.Length)
                {
                    Grow();
                }

                return true;
            }

            if (occupant.GroupPlusOne == group + 1 && occupant.Value == value)
            {
                return false;
            }
        }
    }

    private static int Hash(int group, long value) =>
        (int)((((ulong)value + ((ulong)(uint)group * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL) >> 33);

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var pair in old)
        {
            if (pair.GroupPlusOne == 0)
            {
                continue;
            }

            var slot = Hash(pair.GroupPlusOne - 1, pair.Value) & mask;
            while (_slots[slot].GroupPlusOne != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = pair;
        }
    }

    /// <summary>A pair; <see cref="GroupPlusOne"/> 0 marks an empty slot.</summary>
    private readonly record struct Slot(long Value, int GroupPlusOne);
}
