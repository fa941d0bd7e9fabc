using System.Numerics;

namespace Yoda.Columnar.Storage;

/// <summary>
/// A map from 64-bit integer keys to row positions (any value but <see cref="long.MinValue"/>):
/// open addressing with linear probing over two flat arrays, 16 bytes a slot at most three
/// quarters full, no object per entry. Removal shifts the following entries back, so there are
/// no tombstones and lookups stay short after many removals.
/// </summary>
internal sealed class IntegerKeyMap
{
    private const long Empty = long.MinValue;
    private const int MinimumCapacity = 16;

    private long[] _keys;
    private long[] _values;
    private int _shift;

    public IntegerKeyMap(int capacity = 0)
    {
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinimumCapacity, capacity + (capacity / 3) + 1));
        _keys = new long[slots];
        _values = new long[slots];
        _values.AsSpan().Fill(Empty);
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    public int Count { get; private set; }

    /// <summary>Bytes held by the slots.</summary>
    public long Bytes => (long)_keys.Length * 2 * sizeof(long);

    public bool TryGetValue(long key, out long value)
    {
        var mask = _keys.Length - 1;
        for (var slot = Home(key); ; slot = (slot + 1) & mask)
        {
            value = _values[slot];
            if (value == Empty)
            {
                value = 0;
                return false;
            }

            if (_keys[slot] == key)
            {
                return true;
            }
        }
    }

    /// <summary>Adds the key or replaces its value.</summary>
    public void Set(long key, long value) => TryAddOrSet(key, value, replace: true);

    /// <summary>Adds the key; false (and nothing changed) when it is already present.</summary>
    public bool TryAdd(long key, long value) => TryAddOrSet(key, value, replace: false);

    public bool Remove(long key)
    {
        var mask = _keys.Length - 1;
        var slot = Home(key);
        while (true)
        {
            if (_values[slot] == Empty)
            {
                return false;
            }

            if (_keys[slot] == key)
            {
                break;
            }

            slot = (slot + 1) & mask;
        }

        // Backward shift: move later entries of the probe run into the hole when that keeps them
        // reachable from their home slot.
        var hole = slot;
        for (var next = (hole + 1) & mask; _values[next] != Empty; next = (next + 1) & mask)
        {
            var home = Home(_keys[next]);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                _keys[hole] = _keys[next];
                _values[hole] = _values[next];
                hole = next;
            }
        }

        _values[hole] = Empty;
        Count--;
        return true;
    }

    /// <summary>Every entry, in slot order.</summary>
    public IEnumerable<KeyValuePair<long, long>> Entries()
    {
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            if (_values[slot] != Empty)
            {
                yield return new(_keys[slot], _values[slot]);
            }
        }
    }

    /// <summary>Whether some entry holds <paramref name="value"/>.</summary>
    public bool ContainsValue(long value) => value != Empty && _values.AsSpan().Contains(value);

    private int Home(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);

    private bool TryAddOrSet(long key, long value, bool replace)
    {
        if (value == Empty)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "long.MinValue marks an empty slot");
        }

        var mask = _keys.Length - 1;
        var slot = Home(key);
        for (; _values[slot] != Empty; slot = (slot + 1) & mask)
        {
            if (_keys[slot] == key)
            {
                if (replace)
                {
                    _values[slot] = value;
                }

                return replace;
            }
        }

        _keys[slot] = key;
        _values[slot] = value;
        if (++Count > _keys.Length / 4 * 3)
        {
            Grow();
        }

        return true;
    }

    private void Grow()
    {
        var keys = _keys;
        var values = _values;
        _keys = new long[keys.Length * 2];
        _values = new long[keys.Length * 2];
        _values.AsSpan().Fill(Empty);
        _shift--;
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (values[i] != Empty)
            {
                var slot = Home(keys[i]);
                while (_values[slot] != Empty)
                {
                    slot = (slot + 1) & mask;
                }

                _keys[slot] = keys[i];
                _values[slot] = values[i];
            }
        }
    }
}
