using System.Runtime.Intrinsics.X86;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A set of INTEGER values, the one-group form of <see cref="GroupIntegerSet"/> (an ungrouped
/// COUNT(DISTINCT …)): a slot is the value itself (8 bytes, half a pair's slot, so twice as many
/// fit the caches), 0 marks an empty slot and the value 0 is a flag of its own. Open addressing with
/// linear probing, at most half full, home slots from the hash's top bits (so growing streams), large
/// slot arrays rented from <paramref name="buffers"/> (null: allocated).
/// </summary>
internal sealed class IntegerValueSet(QueryBuffers? buffers = null)
{
    /// <summary>Above this many slots the table outgrows the caches, and a batch prefetches its slots before probing.</summary>
    private const int PrefetchSlots = 1 << 17;

    /// <summary>Rows ahead of the one probed whose slot is prefetched.</summary>
    private const int PrefetchDistance = 16;

    private const int InitialSlotBits = 6;

    private readonly QueryBuffers _buffers = buffers ?? QueryBuffers.Unpooled;
    private long[] _slots = new long[1 << InitialSlotBits];

    /// <summary>32 minus the number of bits of a slot index: a hash's top bits are its home slot.</summary>
    private int _shift = 32 - InitialSlotBits;

    /// <summary>Values in the slots (0 not among them).</summary>
    private int _slotted;
    private bool _hasZero;
    private uint[] _hashes = [];

    public int Count => _slotted + (_hasZero ? 1 : 0);

    /// <summary>Bytes of the slot array (for the query memory limit).</summary>
    public long Bytes => (long)_slots.Length * sizeof(long);

    /// <summary>
    /// Adds <c>values[rows[k]]</c> of every selected row that is not NULL (<paramref name="nulls"/>),
    /// in order, and writes the rows whose values were new to <paramref name="newRows"/>; returns how many.
    /// </summary>
    public unsafe int AddRows(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows, Span<int> newRows)
    {
        // As GroupIntegerSet.AddRows: past the caches, the slot PrefetchDistance rows ahead is prefetched.
        var prefetch = _slots.Length >= PrefetchSlots && Sse.IsSupported;
        if (prefetch)
        {
            if (_hashes.Length < rows.Length)
            {
                _hashes = new uint[Math.Max(rows.Length, Chunk.Capacity)];
            }

            for (var k = 0; k < rows.Length; k++)
            {
                _hashes[k] = Hash(values[rows[k]]);
            }
        }

        var added = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            if (prefetch && k + PrefetchDistance < rows.Length)
            {
                fixed (long* slot = &_slots[_hashes[k + PrefetchDistance] >> _shift])
                {
                    Sse.Prefetch0(slot);
                }
            }

            var row = rows[k];
            if (nulls is not null && nulls[row])
            {
                continue;
            }

            var value = values[row];
            if (value == 0 ? AddZero() : AddHashed(value, prefetch ? _hashes[k] : Hash(value)))
            {
                newRows[added++] = row;
            }
        }

        return added;
    }

    /// <summary>Adds the value; false when it was already there.</summary>
    public bool Add(long value) => value == 0 ? AddZero() : AddHashed(value, Hash(value));

    /// <summary>
    /// Adds every value to <paramref name="pairs"/> as a pair of <paramref name="group"/> and gives the
    /// slot array back to the query's buffers (so the memory counted is the memory held): the set is not used again.
    /// </summary>
    public void MoveTo(GroupIntegerSet pairs, int group)
    {
        if (_hasZero)
        {
            pairs.Add(group, 0);
        }

        foreach (var value in _slots)
        {
            if (value != 0)
            {
                pairs.Add(group, value);
            }
        }

        _buffers.Return(_slots);
        _slots = [];
    }

    private bool AddZero()
    {
        var added = !_hasZero;
        _hasZero = true;
        return added;
    }

    private bool AddHashed(long value, uint hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var slot = (int)(hash >> _shift); ; slot = (slot + 1) & mask)
        {
            ref var occupant = ref slots[slot];
            if (occupant == 0)
            {
                occupant = value;
                if (++_slotted * 2 > slots.Length)
                {
                    Grow();
                }

                return true;
            }

            if (occupant == value)
            {
                return false;
            }
        }
    }

    /// <summary>The top 32 bits of a multiplicative hash of the value (its home slot is their top bits).</summary>
    private static uint Hash(long value) => (uint)(((ulong)value * 0x9E3779B97F4A7C15UL) >> 32);

    private void Grow()
    {
        var old = _slots;
        var slots = _buffers.Rent<long>(old.Length * 2);
        var shift = _shift - 1;
        var mask = slots.Length - 1;

        // In slot order, the values' new home slots mostly ascend: the writes stream through the new array.
        foreach (var value in old)
        {
            if (value == 0)
            {
                continue;
            }

            var slot = (int)(Hash(value) >> shift);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = value;
        }

        (_slots, _shift) = (slots, shift);
        _buffers.Return(old);
    }
}
