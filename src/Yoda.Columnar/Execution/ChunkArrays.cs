using System.Buffers;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Arrays for intermediate vectors, kept per thread: a chunk-sized array comes from and goes back to
/// this thread's free list (no lock, unlike <see cref="ArrayPool{T}.Shared"/> once more than one array
/// of a size is out), longer ones from the shared pool. Contents of a rented array are unspecified.
/// Arrays rented on one thread may come back on another (the ordered fold's workers evaluate, its
/// consumer folds and returns): what overflows a thread's list goes to a small shared list, which
/// threads with an empty list rent from, so those arrays are used again instead of left to the GC.
/// </summary>
public static class ChunkArrays<T>
{
    /// <summary>Free arrays kept per thread: enough for deep expressions, bounded so a thread holds little.</summary>
    private const int KeptPerThread = 32;

    /// <summary>Free arrays kept for all threads: about what the ordered fold's look-ahead holds.</summary>
    private const int KeptShared = 256;

    [ThreadStatic]
    private static Stack<T[]>? t_free;

    private static readonly Stack<T[]> SharedFree = new(KeptShared);

    public static T[] Rent(int length)
    {
        if (length > Chunk.Capacity)
        {
            return ArrayPool<T>.Shared.Rent(length);
        }

        if (t_free is { Count: > 0 } free)
        {
            return free.Pop();
        }

        lock (SharedFree)
        {
            if (SharedFree.Count > 0)
            {
                return SharedFree.Pop();
            }
        }

        return new T[Chunk.Capacity];
    }

    public static void Return(T[] array)
    {
        if (array.Length != Chunk.Capacity)
        {
            ArrayPool<T>.Shared.Return(array);
            return;
        }

        var free = t_free ??= new Stack<T[]>(KeptPerThread);
        if (free.Count < KeptPerThread)
        {
            free.Push(array);
            return;
        }

        lock (SharedFree)
        {
            if (SharedFree.Count < KeptShared)
            {
                SharedFree.Push(array);
            }
        }
    }
}
