using System.Numerics;
using System.Runtime.CompilerServices;

namespace Yoda.Columnar.Execution.Buffers;

/// <summary>
/// Large arrays (group tables, aggregate states, hash-join tables) kept between queries, so that a
/// query's big buffers are memory the process has already touched: a fresh large-object-heap array
/// costs a page fault per 4 KB page on first write (~10,000 faults, 150 ms, for a 150,000-group
/// aggregate), a reused one none. Lengths come in power-of-two size classes; arrays under
/// <see cref="MinimumPooledBytes"/> are not pooled (gen0 allocations are cheap). At most
/// <see cref="MaxRetainedBytes"/> stay idle; after a full (gen2) collection the pool drops arrays
/// idle longer than <see cref="IdleLimit"/>, and everything under memory pressure. Thread-safe.
/// </summary>
public sealed class BufferPool
{
    /// <summary>Arrays smaller than this are allocated, never pooled.</summary>
    public const int MinimumPooledBytes = 64 * 1024;

    /// <summary>How long an idle array survives a gen2 collection.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly Dictionary<(Type Element, int Length), Stack<IdleArray>> _idle = [];
    private long _retainedBytes;

    public BufferPool(long maxRetainedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBytes);
        MaxRetainedBytes = maxRetainedBytes;
    }

    /// <summary>The process-wide pool: up to 256 MB idle, or an eighth of the memory the GC may use when that is less.</summary>
    public static BufferPool Shared { get; } = CreateShared();

    public long MaxRetainedBytes { get; }

    /// <summary>Bytes of the arrays idle in the pool.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _retainedBytes;
            }
        }
    }

    /// <summary>Bytes of the idle arrays of <typeparamref name="T"/> (for tests: which states' arrays came back).</summary>
    internal long RetainedBytesOf<T>()
        where T : unmanaged
    {
        lock (_gate)
        {
            return _idle.Where(e => e.Key.Element == typeof(T)).Sum(e => e.Value.Sum(idle => idle.Bytes));
        }
    }

    /// <summary>True when arrays of <paramref name="length"/> elements of <typeparamref name="T"/> are pooled.</summary>
    public static bool IsPooled<T>(int length)
        where T : unmanaged => (long)length * Unsafe.SizeOf<T>() >= MinimumPooledBytes;

    /// <summary>
    /// An array of at least <paramref name="length"/> elements (its size class: the next power of two),
    /// idle in the pool or new; its contents are arbitrary unless <paramref name="clear"/>.
    /// </summary>
    public T[] Rent<T>(int length, bool clear)
        where T : unmanaged
    {
        var size = SizeClass(length);
        T[]? array = null;
        lock (_gate)
        {
            if (_idle.TryGetValue((typeof(T), size), out var stack) && stack.TryPop(out var idle))
            {
                array = (T[])idle.Array;
                _retainedBytes -= BytesOf(array);
            }
        }

        if (array is null)
        {
            return clear ? new T[size] : GC.AllocateUninitializedArray<T>(size);
        }

        if (clear)
        {
            Array.Clear(array);
        }

        return array;
    }

    /// <summary>
    /// Keeps <paramref name="array"/> for a later <see cref="Rent{T}"/> when it is of a size class and
    /// the pool has room; the caller must not touch it afterwards.
    /// </summary>
    public void Return<T>(T[] array)
        where T : unmanaged
    {
        var bytes = BytesOf(array);
        if (!IsPooled<T>(array.Length) || !BitOperations.IsPow2(array.Length))
        {
            return;
        }

        lock (_gate)
        {
            if (_retainedBytes + bytes > MaxRetainedBytes)
            {
                return;
            }

            if (!_idle.TryGetValue((typeof(T), array.Length), out var stack))
            {
                _idle[(typeof(T), array.Length)] = stack = new Stack<IdleArray>();
            }

            stack.Push(new IdleArray(array, bytes, Environment.TickCount64));
            _retainedBytes += bytes;
        }
    }

    /// <summary>Drops the arrays idle for at least <paramref name="idleFor"/> (all of them for <see cref="TimeSpan.Zero"/>).</summary>
    public void Trim(TimeSpan idleFor)
    {
        var returnedBefore = Environment.TickCount64 - (long)idleFor.TotalMilliseconds;
        lock (_gate)
        {
            foreach (var stack in _idle.Values)
            {
                // The stack's bottom holds its longest idle arrays: keep the recently returned ones.
                var kept = stack.Where(idle => idle.ReturnedAt > returnedBefore).Reverse().ToArray();
                foreach (var dropped in stack.Where(idle => idle.ReturnedAt <= returnedBefore))
                {
                    _retainedBytes -= dropped.Bytes;
                }

                stack.Clear();
                foreach (var idle in kept)
                {
                    stack.Push(idle);
                }
            }
        }
    }

    private static BufferPool CreateShared()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var pool = new BufferPool(Math.Min(256L << 20, available > 0 ? available / 8 : 256L << 20));
        Gen2Trimmer.Start(pool);
        return pool;
    }

    private static int SizeClass(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length <= 1 ? 1 : length > (1 << 30) ? length : (int)BitOperations.RoundUpToPowerOf2((uint)length);
    }

    private static long BytesOf<T>(T[] array)
        where T : unmanaged => array.LongLength * Unsafe.SizeOf<T>();

    private readonly record struct IdleArray(Array Array, long Bytes, long ReturnedAt);

    /// <summary>
    /// Trims the pool after every gen2 collection: an object without roots is finalized once per
    /// collection of its generation and re-registers itself, for as long as the pool lives.
    /// </summary>
    private sealed class Gen2Trimmer
    {
        private readonly WeakReference<BufferPool> _pool;

        private Gen2Trimmer(BufferPool pool) => _pool = new WeakReference<BufferPool>(pool);

        public static void Start(BufferPool pool) => _ = new Gen2Trimmer(pool);

        ~Gen2Trimmer()
        {
            if (!_pool.TryGetTarget(out var pool) || Environment.HasShutdownStarted)
            {
                return;
            }

            var info = GC.GetGCMemoryInfo();
            pool.Trim(info.MemoryLoadBytes >= info.HighMemoryLoadThresholdBytes ? TimeSpan.Zero : IdleLimit);
            GC.ReRegisterForFinalize(this);
        }
    }
}
