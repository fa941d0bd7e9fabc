using System.Numerics;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A group table specialised by key shape: each key column gets dense value ids from a
/// <see cref="KeyDictionary"/> (direct-indexed small integers, typed hash tables otherwise). One key:
/// the value id is the group id. Several keys: while the value ids of all columns fit in 64 bits
/// together (each column gets as many bits as its dictionary's ids need), they are packed into one
/// integer per row, column by column, and looked up directly in an array when the packed range is
/// small (DuckDB's perfect hash aggregate) or in a flat integer hash table otherwise. When the
/// dictionaries grow past their bits, the groups are re-packed under the wider layout; beyond 64
/// bits the tuples of value ids are looked up in an open-addressing table instead. Nothing is
/// allocated per row, and no key value is copied per group: the dictionaries remember each value
/// id's value (its first row's), the table each group's tuple of value ids.
/// </summary>
public sealed class KeyColumnGroupTable : GroupTable
{
    /// <summary>Packed keys of at most this many bits index an array of 2^bits group ids directly.</summary>
    private const int DirectBits = 16;

    /// <summary>Rows ahead whose packed key's slot is prefetched once the packed-key table outgrows the caches.</summary>
    private const int PrefetchDistance = 8;

    private readonly QueryBuffers _buffers;
    private readonly KeyDictionary[] _dictionaries;
    private readonly int[] _bits;
    private readonly int[] _shifts;
    private int[][] _valueIds = [];
    private long[] _packed = [];

    // Each group's tuple of value ids, column by column (_groupIds[c][group]): a result's key column is
    // then its dictionary's values of one contiguous run of ids (h2o-q10: a million groups of six keys).
    private int[][] _groupIds;
    private int _capacity = 64;
    private int _count;

    // Exactly one of these indexes the groups: the direct array and the packed-key table while the
    // layout fits in 64 bits, the tuple slots after that.
    private int[]? _direct;
    private IntegerIdTable? _packedIds;
    private int[]? _tupleSlots;

    public KeyColumnGroupTable(IReadOnlyList<ValueKind> keyKinds, QueryBuffers? buffers = null)
    {
        _buffers = buffers ?? QueryBuffers.Unpooled;
        _dictionaries = keyKinds.Select(kind => KeyDictionary.For(kind, _buffers)).ToArray();
        _bits = new int[keyKinds.Count];
        _shifts = new int[keyKinds.Count];
        _direct = new int[1];
        _groupIds = keyKinds.Select(_ => _buffers.Rent<int>(_capacity)).ToArray();
    }

    public override int Count => _count;

    public override long BytesPerGroup => BytesPerGroupOf(_dictionaries.Length);

    /// <summary>Bytes a group of <paramref name="keyCount"/> key columns takes here: its tuple slot and each key's value id and entry.</summary>
    public static long BytesPerGroupOf(int keyCount) => 16 + (keyCount * 24L);

    public override long HeldKeyBytes
    {
        get
        {
            var bytes = 0L;
            foreach (var dictionary in _dictionaries)
            {
                bytes += dictionary.HeldBytes;
            }

            return bytes;
        }
    }

    public override void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups)
    {
        if (keys.Length == 0)
        {
            EnsureSingleGroup();
            groups.Clear();
            return;
        }

        if (keys.Length == 1)
        {
            _dictionaries[0].Assign(keys[0], rows, groups);
            _count = _dictionaries[0].Count;
            return;
        }

        if (_valueIds.Length == 0 || _valueIds[0].Length < rows.Length)
        {
            var size = Math.Max(rows.Length, Chunk.Capacity);
            _valueIds = keys.Select(_ => new int[size]).ToArray();
            _packed = new long[size];
        }

        for (var c = 0; c < keys.Length; c++)
        {
            _dictionaries[c].Assign(keys[c], rows, _valueIds[c].AsSpan(0, rows.Length));
        }

        if (_tupleSlots is null && FitsPackedLayout())
        {
            AssignPacked(groups[..rows.Length]);
            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            groups[k] = FindOrAddTuple(k);
        }
    }

    public override void EnsureSingleGroup()
    {
        if (_count == 0)
        {
            _count = 1;
        }
    }

    public override ColumnVector[] KeyColumnsFrom(int first)
    {
        if (_dictionaries.Length == 1)
        {
            // One key: a group's id is its value's.
            return [_dictionaries[0].ValuesOf(first == 0 ? Chunk.AllRows(_count) : [.. Enumerable.Range(first, _count - first)])];
        }

        var columns = new ColumnVector[_dictionaries.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = _dictionaries[c].ValuesOf(_groupIds[c].AsSpan(first, _count - first));
        }

        return columns;
    }

    private void AssignPacked(Span<int> groups)
    {
        var packed = _packed.AsSpan(0, groups.Length);
        var firstIds = _valueIds[0].AsSpan(0, packed.Length);
        var firstShift = _shifts[0];
        for (var k = 0; k < packed.Length; k++)
        {
            packed[k] = (long)(uint)firstIds[k] << firstShift;
        }

        for (var c = 1; c < _dictionaries.Length; c++)
        {
            var ids = _valueIds[c].AsSpan(0, packed.Length);
            var shift = _shifts[c];
            for (var k = 0; k < packed.Length; k++)
            {
                packed[k] |= (long)(uint)ids[k] << shift;
            }
        }

        if (_direct is { } direct)
        {
            for (var k = 0; k < packed.Length; k++)
            {
                // Direct slots hold group + 1, so that 0 means "no group yet".
                ref var slot = ref direct[packed[k]];
                groups[k] = (slot == 0 ? slot = AddGroup(k) + 1 : slot) - 1;
            }

            return;
        }

        var table = _packedIds!;
        if (table.PrefetchPays)
        {
            // Past the caches (h2o-q10's million groups): each new key's slot is a miss, so it is asked for some keys ahead.
            for (var k = 0; k < packed.Length; k++)
            {
                if (k + PrefetchDistance < packed.Length)
                {
                    table.Prefetch(packed[k + PrefetchDistance]);
                }

                var group = table.GetOrAdd(packed[k], _count);
                groups[k] = group == _count ? AddGroup(k) : group;
            }

            return;
        }

        for (var k = 0; k < packed.Length; k++)
        {
            var group = table.GetOrAdd(packed[k], _count);
            groups[k] = group == _count ? AddGroup(k) : group;
        }
    }

    /// <summary>
    /// True when the value ids fit the packed layout, widening it (and re-indexing the groups) when a
    /// dictionary has outgrown its bits; false, with the tuple slots built, once they need more than 64 bits.
    /// </summary>
    private bool FitsPackedLayout()
    {
        var widened = false;
        var total = 0;
        for (var c = 0; c < _dictionaries.Length; c++)
        {
            var needed = 32 - BitOperations.LeadingZeroCount((uint)Math.Max(0, _dictionaries[c].Count - 1));
            if (needed > _bits[c])
            {
                _bits[c] = needed;
                widened = true;
            }

            total += _bits[c];
        }

        if (!widened)
        {
            return true;
        }

        if (total > 64)
        {
            (_direct, _packedIds) = (null, null);
            RebuildTupleSlots(Math.Max(64, (int)BitOperations.RoundUpToPowerOf2((uint)_count * 4)));
            return false;
        }

        for (int c = 0, shift = 0; c < _dictionaries.Length; shift += _bits[c], c++)
        {
            _shifts[c] = shift;
        }

        if (_direct is not null)
        {
            _buffers.Return(_direct);
        }

        _direct = total <= DirectBits ? _buffers.Rent<int>(1 << total) : null;
        // Sized for the groups it is given now: grown from its smallest size, it would double a dozen times over again.
        _packedIds = _direct is null ? new IntegerIdTable(_buffers, _count) : null;
        for (var group = 0; group < _count; group++)
        {
            var key = PackedKeyOf(group);
            if (_direct is not null)
            {
                _direct[key] = group + 1;
            }
            else
            {
                _packedIds!.GetOrAdd(key, group);
            }
        }

        return true;
    }

    private long PackedKeyOf(int group)
    {
        var key = 0L;
        for (var c = 0; c < _groupIds.Length; c++)
        {
            key |= (long)(uint)_groupIds[c][group] << _shifts[c];
        }

        return key;
    }

    private int AddGroup(int k)
    {
        var group = _count;
        if (group == _capacity)
        {
            _capacity = (int)Math.Min(Array.MaxLength, 2L * _capacity);
            for (var c = 0; c < _groupIds.Length; c++)
            {
                _buffers.Resize(ref _groupIds[c], _capacity);
            }
        }

        for (var c = 0; c < _groupIds.Length; c++)
        {
            _groupIds[c][group] = _valueIds[c][k];
        }

        _count++;
        return group;
    }

    private int FindOrAddTuple(int k)
    {
        var hash = 0UL;
        for (var c = 0; c < _dictionaries.Length; c++)
        {
            hash = (hash + (uint)_valueIds[c][k]) * 0x9E3779B97F4A7C15UL;
        }

        var slots = _tupleSlots!;
        var mask = slots.Length - 1;
        for (var slot = Home(hash, slots.Length); ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                var group = AddGroup(k);
                slots[slot] = group + 1;
                if (_count * 2 > slots.Length)
                {
                    RebuildTupleSlots(slots.Length * 2);
                }

                return group;
            }

            if (SameTuple(entry - 1, k))
            {
                return entry - 1;
            }
        }
    }

    private bool SameTuple(int group, int k)
    {
        for (var c = 0; c < _groupIds.Length; c++)
        {
            if (_groupIds[c][group] != _valueIds[c][k])
            {
                return false;
            }
        }

        return true;
    }

    private void RebuildTupleSlots(int size)
    {
        var slots = _buffers.Rent<int>(size);
        var mask = size - 1;
        for (var group = 0; group < _count; group++)
        {
            var hash = 0UL;
            for (var c = 0; c < _groupIds.Length; c++)
            {
                hash = (hash + (uint)_groupIds[c][group]) * 0x9E3779B97F4A7C15UL;
            }

            var slot = Home(hash, size);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = group + 1;
        }

        if (_tupleSlots is not null)
        {
            _buffers.Return(_tupleSlots);
        }

        _tupleSlots = slots;
    }

    /// <summary>The home slot from the hash's top bits (the well-mixed ones of a multiplicative hash), for any power-of-two size.</summary>
    private static int Home(ulong hash, int size) => (int)(hash >> (64 - BitOperations.Log2((uint)size)));
}
