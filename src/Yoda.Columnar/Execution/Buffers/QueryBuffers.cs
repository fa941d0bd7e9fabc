namespace Yoda.Columnar.Execution.Buffers;

/// <summary>
/// The large arrays one statement rents from a <see cref="BufferPool"/>: the operators' private
/// tables and states, never an array handed on in a result chunk. They all go back to the pool when
/// the statement ends (<see cref="Dispose"/>, also after a failure or cancellation), since until
/// then any operator may still read them; an array outgrown by <see cref="Resize{T}"/> goes back at
/// once. Small arrays are plain allocations. <see cref="Unpooled"/> allocates everything (plans
/// run outside a statement, reference implementations). Thread-safe: morsels rent in parallel.
/// </summary>
public sealed class QueryBuffers(BufferPool? pool) : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<Array> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly BufferPool? _pool = pool;
    private bool _disposed;

    /// <summary>Allocates every array; returns nothing.</summary>
    public static QueryBuffers Unpooled { get; } = new(null);

    /// <summary>How many rented arrays the statement holds.</summary>
    public int RentedCount
    {
        get
        {
            lock (_gate)
            {
                return _rented.Count;
            }
        }
    }

    /// <summary>
    /// A lease of its own on the same pool, for an operator that is done with its arrays before the
    /// statement ends and may run many times in one statement (under a correlated subquery): disposing
    /// it gives them back at once.
    /// </summary>
    public QueryBuffers Scope() => new(_pool);

    /// <summary>A zeroed array of at least <paramref name="length"/> elements.</summary>
    public T[] Rent<T>(int length)
        where T : unmanaged => Rent<T>(length, clear: true);

    /// <summary>An array of at least <paramref name="length"/> elements whose contents the caller overwrites before reading.</summary>
    public T[] RentUninitialized<T>(int length)
        where T : unmanaged => Rent<T>(length, clear: false);

    /// <summary>
    /// As <see cref="Array.Resize{T}"/> to at least <paramref name="length"/> elements: the contents
    /// are kept, the new elements are zero, and the old array goes back to the pool if it came from it.
    /// </summary>
    public void Resize<T>(ref T[] array, int length)
        where T : unmanaged
    {
        var old = array;
        var resized = Rent<T>(length, clear: false);
        var kept = Math.Min(old.Length, length);
        old.AsSpan(0, kept).CopyTo(resized);
        resized.AsSpan(kept).Clear();
        array = resized;
        Return(old);
    }

    /// <summary>Gives back an array rented here before the statement ends; the caller must not touch it afterwards.</summary>
    public void Return<T>(T[] array)
        where T : unmanaged
    {
        // Nothing was rented without a pool: no lock, which every worker's growing state would otherwise contend
        // for on the shared Unpooled instance (a tenth of h2o-q4's CPU spun in Monitor.Enter under load).
        if (_pool is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_rented.Remove(array))
            {
                return;
            }
        }

        _pool.Return(array);
    }

    /// <summary>Gives every rented array back to the pool; later rents allocate.</summary>
    public void Dispose()
    {
        Array[] rented;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            rented = [.. _rented];
            _rented.Clear();
        }

        foreach (var array in rented)
        {
            ReturnUntyped(array);
        }
    }

    private T[] Rent<T>(int length, bool clear)
        where T : unmanaged
    {
        if (_pool is null || !BufferPool.IsPooled<T>(length))
        {
            return Allocate<T>(length, clear);
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return Allocate<T>(length, clear);
            }
        }

        var array = _pool.Rent<T>(length, clear);
        lock (_gate)
        {
            if (!_disposed)
            {
                _rented.Add(array);
            }
        }

        return array;
    }

    /// <summary>A new array; not zeroed unless asked (<see cref="Resize{T}"/> copies into it and clears only the rest).</summary>
    private static T[] Allocate<T>(int length, bool clear)
        where T : unmanaged => clear ? new T[length] : GC.AllocateUninitializedArray<T>(length);

    private void ReturnUntyped(Array array)
    {
        switch (array)
        {
            case int[] ints: _pool!.Return(ints); break;
            case long[] longs: _pool!.Return(longs); break;
            case double[] doubles: _pool!.Return(doubles); break;
            case bool[] flags: _pool!.Return(flags); break;
            case ulong[] words: _pool!.Return(words); break;
            case Int128[] wide: _pool!.Return(wide); break;
            default: break; // A kind no state rents: left to the collector.
        }
    }
}
