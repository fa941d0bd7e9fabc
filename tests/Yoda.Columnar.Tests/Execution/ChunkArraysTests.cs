using Yoda.Columnar.Execution;

namespace Yoda.Columnar.Tests.Execution;

public sealed class ChunkArraysTests
{
    /// <summary>An element type of these tests alone, so that no other test shares its pool.</summary>
    private readonly record struct Cell(int Value);

    [Fact]
    public void An_array_returned_past_a_full_thread_list_is_rented_again_by_another_thread()
    {
        // Thread A rents and returns more arrays than its own list keeps: the last one goes to the shared list.
        var returnedByA = new List<Cell[]>();
        OnOwnThread(() =>
        {
            for (var i = 0; i < 33; i++)
            {
                returnedByA.Add(ChunkArrays<Cell>.Rent(Chunk.Capacity));
            }

            foreach (var array in returnedByA)
            {
                ChunkArrays<Cell>.Return(array);
            }
        });

        // Thread B has an empty list of its own: it gets that array, then new ones.
        Cell[]? first = null, second = null;
        OnOwnThread(() =>
        {
            first = ChunkArrays<Cell>.Rent(Chunk.Capacity);
            second = ChunkArrays<Cell>.Rent(Chunk.Capacity);
        });

        Assert.Same(returnedByA[^1], first);
        Assert.DoesNotContain(returnedByA, a => ReferenceEquals(a, second));
        Assert.Equal(Chunk.Capacity, second!.Length);
    }

    [Fact]
    public void A_thread_takes_back_its_own_arrays_first()
    {
        OnOwnThread(() =>
        {
            var array = ChunkArrays<Cell>.Rent(Chunk.Capacity);
            ChunkArrays<Cell>.Return(array);
            Assert.Same(array, ChunkArrays<Cell>.Rent(Chunk.Capacity));
        });
    }

    private static void OnOwnThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("failed on its own thread", failure);
        }
    }
}
