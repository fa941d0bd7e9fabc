using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of (group, INTEGER value) pairs for COUNT(DISTINCT …) and the like: open addressing with
/// linear probing over one flat array of slots (a pair and its occupancy in one cache line), at
/// most half full; nothing is allocated per pair. A pair's home slot is taken from the high bits of
/// its hash, so the slots keep the pairs in about hash order and growing the table streams through
/// both arrays (home slot i becomes 2i or 2i + 1) instead of writing to random places. Large slot
/// arrays are rented from <paramref name="buffers"/> (null: allocated), so that a query run again
/// reuses them rather than having the garbage collector clear large objects.
/// </summary>
internal sealed class GroupIntegerSet(QueryBuffers? buffers = null)
{
    /// <summary>Above this many slots the table outgrows the caches, and a batch prefetches its slots before probing.</summary>
    private const int PrefetchSlots = 1 << 16;

    /// <summary>Rows ahead of the one probed whose slot is prefetched.</summary>
    private const int PrefetchDistance = 16;

    private const int InitialSlotBits = 6;

    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    // Slots as Int128s: the type the query's buffers pool (see Slot).
    private Int128[] _slots = new Int128[1 << InitialSlotBits];

    /// <summary>32 minus the number of bits of a slot index: a hash's top bits are its home slot.</summary>
    private int _shift = 32 - InitialSlotBits;

    private int _count;
    private uint[] _hashes = [];

    public int Count => _count;

    /// <summary>Bytes of the slot array (for the query memory limit).</summary>
    public long Bytes => (long)_slots.Length * Unsafe.SizeOf<Int128>();

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
                _hashes = new uint[Math.Max(rows.Length, Chunk.Capacity)];
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
                fixed (Int128* slot = &_slots[_hashes[k + PrefetchDistance] >> _shift])
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

    private bool AddHashed(int group, long value, uint hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var slot = (int)(hash >> _shift); ; slot = (slot + 1) & mask)
        {
            ref var occupant = ref AsSlot(ref slots[slot]);
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

    /// <summary>The top 32 bits of a multiplicative hash of the pair (its home slot is their top bits).</summary>
    private static uint Hash(int group, long value) =>
        (uint)((((ulong)value + ((ulong)(uint)group * 0xC2B2AE3D27D4EB4FUL)) * 0x9E3779B97F4A7C15UL) >> 32);

    private void Grow()
    {
        var old = _slots;
        var slots = _buffers.Rent<Int128>(old.Length * 2);
        var shift = _shift - 1;
        var mask = slots.Length - 1;

        // In slot order, the pairs' new home slots mostly ascend: the writes stream through the new array.
        foreach (ref var bits in old.AsSpan())
        {
            var pair = AsSlot(ref bits);
            if (pair.GroupPlusOne == 0)
            {
                continue;
            }

            var slot = (int)(Hash(pair.GroupPlusOne - 1, pair.Value) >> shift);
            while (AsSlot(ref slots[slot]).GroupPlusOne != 0)
            {
                slot = (slot + 1) & mask;
            }

            AsSlot(ref slots[slot]) = pair;
        }

        (_slots, _shift) = (slots, shift);
        _buffers.Return(old);
    }

    private static ref Slot AsSlot(ref Int128 bits) => ref Unsafe.As<Int128, Slot>(ref bits);

    /// <summary>A pair; <see cref="GroupPlusOne"/> 0 marks an empty slot. 16 bytes, stored as an <see cref="Int128"/>.</summary>
    private readonly record struct Slot(long Value, int GroupPlusOne);
}
