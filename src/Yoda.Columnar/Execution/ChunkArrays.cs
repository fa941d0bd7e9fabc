using System.Buffers;

namespace Yoda.Columnar.Execution;

/// <summary>
/// Arrays for intermediate vectors, kept per thread: a chunk-sized array comes from and goes back to
/// this thread's free list (no lock, unlike <see cref="ArrayPool{T}.Shared"/> once more than one array
/// of a size is out), longer ones from the shared pool. Contents of a rented array are unspecified.
/// </summary>
public static class ChunkArrays<T>
{
    /// <summary>Free arrays kept per thread: enough for deep expressions, bounded so a thread holds little.</summary>
    private const int KeptPerThread = 32;

    [ThreadStatic]
    private static Stack<T[]>? t_free;

    public static T[] Rent(int length)
    {
        if (length > Chunk.Capacity)
        {
            return ArrayPool<T>.Shared.Rent(length);
        }

        return t_free is { Count: > 0 } free ? free.Pop() : new T[Chunk.Capacity];
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
        }
    }
}
