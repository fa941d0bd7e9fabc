namespace Yoda.Columnar.Storage;

/// <summary>
/// A map from 64-bit integer keys to row positions (any value but <see cref="long.MinValue"/>):
/// open addressing with linear probing over one flat array of key/value pairs, 16 bytes a slot,
/// at most three quarters full, no object per entry. Removal shifts the following entries back, so
/// there are no tombstones and lookups stay short after many removals.
/// </summary>
internal sealed class IntegerKeyMap
{
    private const long Empty = long.MinValue;

    /// <summary>The table sizes: the largest prime below each power of two from 2^4 to 2^31.</summary>
    private static readonly int[] Sizes =
    [
        13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071, 262139, 524287,
        1048573, 2097143, 4194301, 8388593, 16777213, 33554393, 67108859, 134217689, 268435399,
        536870909, 1073741789, 2147483647,
    ];

    /// <summary>Maps made so far: each map's number gives it its own seed (see <see cref="Home"/>).</summary>
    private static long _mapsMade;

    private readonly ulong _seed = (ulong)Interlocked.Increment(ref _mapsMade) * 0x9E3779B97F4A7C15UL;
    private Entry[] _slots;
    private int _size;

    /// <summary>At least the largest key present (not lowered by removals); meaningless when empty.</summary>
    private long _maxKey = long.MinValue;

    public IntegerKeyMap(int capacity = 0)
    {
        _size = SizeIndexFor(capacity);
        _slots = NewSlots(Sizes[_size]);
    }

    public int Count { get; private set; }

    /// <summary>
    /// Whether the map, once cleared, is the size a new one for <paramref name="capacity"/> keys
    /// would be, or at most two sizes larger (so that clearing it costs about what allocating would).
    /// </summary>
    public bool FitsWhenCleared(int capacity)
    {
        var needed = SizeIndexFor(capacity);
        return _size >= needed && _size <= needed + 2;
    }

    /// <summary>Removes every key, keeping the slots.</summary>
    public void Clear()
    {
        if (Count > 0)
        {
            foreach (ref var slot in _slots.AsSpan())
            {
                slot.Value = Empty;
            }
        }

        Count = 0;
        _maxKey = long.MinValue;
    }

    /// <summary>Bytes held by the slots.</summary>
    public long Bytes => (long)_slots.Length * 2 * sizeof(long);

    /// <summary>True when <paramref name="key"/> is certainly absent without probing: the map is empty or the key is above every key ever added.</summary>
    public bool CannotContain(long key) => Count == 0 || key > _maxKey;

    public bool TryGetValue(long key, out long value)
    {
        var slots = _slots;
        for (var slot = Home(key, slots.Length); ; slot = Next(slot, slots.Length))
        {
            ref readonly var entry = ref slots[slot];
            if (entry.Value == Empty)
            {
                value = 0;
                return false;
            }

            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }
    }

    /// <summary>Adds the key or replaces its value.</summary>
    public void Set(long key, long value) => TryAddOrSet(key, value, replace: true);

    /// <summary>Adds the key; false (and nothing changed) when it is already present.</summary>
    public bool TryAdd(long key, long value) => TryAddOrSet(key, value, replace: false);

    /// <summary>Replaces the value of a key present; false (and nothing changed) when it is absent.</summary>
    public bool TryReplace(long key, long value)
    {
        if (value == Empty)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "long.MinValue marks an empty slot");
        }

        var slots = _slots;
        for (var slot = Home(key, slots.Length); slots[slot].Value != Empty; slot = Next(slot, slots.Length))
        {
            if (slots[slot].Key == key)
            {
                slots[slot].Value = value;
                return true;
            }
        }

        return false;
    }

    public bool Remove(long key)
    {
        var slots = _slots;
        var length = slots.Length;
        var hole = Home(key, length);
        while (true)
        {
            if (slots[hole].Value == Empty)
            {
                return false;
            }

            if (slots[hole].Key == key)
            {
                break;
            }

            hole = Next(hole, length);
        }

        // Backward shift: move later entries of the probe run into the hole when that keeps them
        // reachable from their home slot.
        for (var next = Next(hole, length); slots[next].Value != Empty; next = Next(next, length))
        {
            var home = Home(slots[next].Key, length);
            if (Distance(home, next, length) >= Distance(hole, next, length))
            {
                slots[hole] = slots[next];
                hole = next;
            }
        }

        slots[hole].Value = Empty;
        Count--;
        return true;
    }

    /// <summary>Every entry, in slot order.</summary>
    public IEnumerable<KeyValuePair<long, long>> Entries()
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            if (_slots[slot].Value != Empty)
            {
                yield return new(_slots[slot].Key, _slots[slot].Value);
            }
        }
    }

    /// <summary>Whether some entry holds <paramref name="value"/>.</summary>
    public bool ContainsValue(long value)
    {
        if (value == Empty)
        {
            return false;
        }

        foreach (var entry in _slots)
        {
            if (entry.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The key mixed with this map's own seed (MurmurHash3's finalizer), scaled to the table: keys in
    /// order (rowids) land far apart, so probe runs stay short (taking the key modulo the size packs
    /// them into one long run, and a removal then scans the whole run); and the seed differs from map
    /// to map, so that the entries of one map, enumerated in its slot order, do not arrive at
    /// another in that one's slot order — with one hash for all maps, publishing a cycle's staged
    /// keys inserted them in nearly ascending home slots, each probing to the end of one growing
    /// run (100,000 updates took 0.6 s instead of 0.06 s).
    /// </summary>
    private int Home(long key, int length)
    {
        var mixed = (ulong)key ^ _seed;
        mixed = (mixed ^ (mixed >> 33)) * 0xFF51AFD7ED558CCDUL;
        mixed = (mixed ^ (mixed >> 33)) * 0xC4CEB9FE1A85EC53UL;
        return (int)(((mixed ^ (mixed >> 33)) >> 32) * (uint)length >> 32);
    }

    private static int Next(int slot, int length) => slot + 1 == length ? 0 : slot + 1;

    /// <summary>How many steps forward from <paramref name="from"/> to <paramref name="to"/>, wrapping around.</summary>
    private static int Distance(int from, int to, int length) => to >= from ? to - from : to + length - from;

    private static int SizeIndexFor(int capacity)
    {
        var needed = (long)capacity * 4 / 3 + 1;
        var index = 0;
        while (Sizes[index] < needed && index < Sizes.Length - 1)
        {
            index++;
        }

        return index;
    }

    private static Entry[] NewSlots(int length)
    {
        var slots = new Entry[length];
        foreach (ref var slot in slots.AsSpan())
        {
            slot.Value = Empty;
        }

        return slots;
    }

    private bool TryAddOrSet(long key, long value, bool replace)
    {
        if (value == Empty)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "long.MinValue marks an empty slot");
        }

        var slots = _slots;
        var slot = Home(key, slots.Length);
        for (; slots[slot].Value != Empty; slot = Next(slot, slots.Length))
        {
            if (slots[slot].Key == key)
            {
                if (replace)
                {
                    slots[slot].Value = value;
                }

                return replace;
            }
        }

        slots[slot] = new Entry { Key = key, Value = value };
        _maxKey = Math.Max(_maxKey, key);
        if (++Count > slots.Length / 4 * 3)
        {
            Grow();
        }

        return true;
    }

    private void Grow()
    {
        if (_size == Sizes.Length - 1)
        {
            throw new YodaException($"a key index of more than {Sizes[^1] / 4 * 3:N0} integer keys is not supported");
        }

        var old = _slots;
        _slots = NewSlots(Sizes[++_size]);
        var length = _slots.Length;
        foreach (var entry in old)
        {
            if (entry.Value != Empty)
            {
                var slot = Home(entry.Key, length);
                while (_slots[slot].Value != Empty)
                {
                    slot = Next(slot, length);
                }

                _slots[slot] = entry;
            }
        }
    }

    private struct Entry
    {
        public long Key;
        public long Value;
    }
}
