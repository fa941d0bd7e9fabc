using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Dense ids for 64-bit integer keys: open addressing with linear probing over two flat arrays
/// (keys, and id + 1 so that 0 marks an empty slot), kept at most half full by doubling. Fibonacci
/// hashing spreads sequential keys, which are the common case (order ids, surrogate keys). Nothing
/// is allocated per key, and a lookup usually touches one cache line of each array.
/// </summary>
internal sealed class IntegerIdTable
{
    private const int MinSlots = 16;

    private readonly QueryBuffers _buffers;
    private long[] _keys;
    private int[] _ids;
    private int _shift;
    private int _count;

    /// <param name="buffers">Where the slots are rented (allocated without).</param>
    /// <param name="keys">How many keys it is about to take: the slots start at the size those need (at most half full).</param>
    public IntegerIdTable(QueryBuffers? buffers = null, int keys = 0)
    {
        _buffers = buffers ?? QueryBuffers.Unpooled;
        var slots = (int)Math.Max(MinSlots, BitOperations.RoundUpToPowerOf2((uint)keys * 2 + 1));
        _keys = _buffers.RentUninitialized<long>(slots);
        _ids = _buffers.Rent<int>(slots);
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    /// <summary>The number of keys in the table.</summary>
    public int Count => _count;

    /// <summary>The id of <paramref name="key"/>; when it has none, <paramref name="candidate"/> becomes its id.</summary>
    public int GetOrAdd(long key, int candidate)
    {
        var mask = _ids.Length - 1;
        for (var slot = Home(key); ; slot = (slot + 1) & mask)
        {
            var stored = _ids[slot];
            if (stored == 0)
            {
                _keys[slot] = key;
                _ids[slot] = candidate + 1;
                if (++_count * 2 > _ids.Length)
                {
                    Grow();
                }

                return candidate;
            }

            if (_keys[slot] == key)
            {
                return stored - 1;
            }
        }
    }

    /// <summary>
    /// Whether the table is past what one core keeps in its caches (64K slots: 768 KB of keys and
    /// ids), so that <see cref="Prefetch"/> pays: ClickBench's 100,000 users, not h2o's 10,000 ids.
    /// </summary>
    public bool PrefetchPays => Sse.IsSupported && _ids.Length >= 1 << 16;

    /// <summary>Asks the CPU to fetch the home slot of <paramref name="key"/> (key and id), to be looked up a few keys later.</summary>
    public unsafe void Prefetch(long key)
    {
        var slot = Home(key);
        Sse.Prefetch0(Unsafe.AsPointer(ref _keys[slot]));
        Sse.Prefetch0(Unsafe.AsPointer(ref _ids[slot]));
    }

    private int Home(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);

    private void Grow()
    {
        var (keys, ids) = (_keys, _ids);
        // Every slot's key is written before it is read (a zero id marks it empty).
        _keys = _buffers.RentUninitialized<long>(keys.Length * 2);
        _ids = _buffers.Rent<int>(ids.Length * 2);
        _shift--;
        var mask = _ids.Length - 1;
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] != 0)
            {
                var slot = Home(keys[i]);
                while (_ids[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                (_keys[slot], _ids[slot]) = (keys[i], ids[i]);
            }
        }

        _buffers.Return(keys);
        _buffers.Return(ids);
    }
}
