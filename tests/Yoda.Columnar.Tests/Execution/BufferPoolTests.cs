using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Tests.Execution;

/// <summary><see cref="BufferPool"/> and <see cref="QueryBuffers"/>: reuse, clearing, bounded retention, trimming, threads.</summary>
public sealed class BufferPoolTests
{
    private const int Large = 1 << 16; // 256 KB of ints: pooled

    [Fact]
    public void A_returned_array_is_rented_again_and_cleared_when_asked()
    {
        var pool = new BufferPool(64L << 20);
        var first = pool.Rent<int>(Large - 5, clear: true);
        Assert.Equal(Large, first.Length);
        first.AsSpan().Fill(7);
        pool.Return(first);
        Assert.Equal(Large * 4L, pool.RetainedBytes);

        var again = pool.Rent<int>(Large, clear: true);
        Assert.Same(first, again);
        Assert.All(again, value => Assert.Equal(0, value));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Small_arrays_and_other_element_types_do_not_share_arrays()
    {
        var pool = new BufferPool(64L << 20);
        pool.Return(new int[100]);
        pool.Return(new long[Large]);
        Assert.Equal(Large * 8L, pool.RetainedBytes);
        Assert.NotSame(pool.Rent<double>(Large, clear: false), pool.Rent<long>(Large, clear: false));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void The_pool_keeps_no_more_than_its_bound()
    {
        var pool = new BufferPool(3L * Large * 4);
        for (var i = 0; i < 5; i++)
        {
            pool.Return(new int[Large]);
        }

        Assert.Equal(3L * Large * 4, pool.RetainedBytes);
    }

    [Fact]
    public void Trimming_drops_the_arrays_idle_long_enough()
    {
        var pool = new BufferPool(64L << 20);
        pool.Return(new int[Large]);
        pool.Trim(TimeSpan.FromHours(1));
        Assert.Equal(Large * 4L, pool.RetainedBytes);
        pool.Trim(TimeSpan.Zero);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_statement_gives_back_everything_it_rented_when_it_ends()
    {
        var pool = new BufferPool(64L << 20);
        var buffers = new QueryBuffers(pool);
        var ints = buffers.Rent<int>(Large);
        var longs = buffers.RentUninitialized<long>(Large);
        var small = buffers.Rent<int>(16);
        Assert.Equal(2, buffers.RentedCount);
        Assert.Equal(0, pool.RetainedBytes);

        buffers.Dispose();
        Assert.Equal((Large * 4L) + (Large * 8L), pool.RetainedBytes);
        Assert.Equal(16, small.Length);
        Assert.Same(ints, pool.Rent<int>(Large, clear: false));
        Assert.Same(longs, pool.Rent<long>(Large, clear: false));

        // Rents after the end are plain allocations, never given to the pool.
        buffers.Rent<int>(Large);
        buffers.Dispose();
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Resizing_keeps_the_contents_zeroes_the_rest_and_gives_back_the_old_array()
    {
        var pool = new BufferPool(64L << 20);
        using var buffers = new QueryBuffers(pool);
        var array = buffers.Rent<long>(Large);
        array.AsSpan().Fill(3);
        var old = array;
        var garbage = pool.Rent<long>(Large * 2, clear: false);
        garbage.AsSpan().Fill(-1);
        pool.Return(garbage);

        buffers.Resize(ref array, Large + 1);
        Assert.Same(garbage, array);
        Assert.All(array.AsSpan(0, Large).ToArray(), value => Assert.Equal(3, value));
        Assert.All(array.AsSpan(Large).ToArray(), value => Assert.Equal(0, value));
        Assert.Equal(1, buffers.RentedCount);
        Assert.Same(old, pool.Rent<long>(Large, clear: false));
    }

    [Fact]
    public void Unpooled_resizes_keep_the_contents_and_zero_the_rest_and_zeroed_rents_are_zero()
    {
        // Unpooled arrays a resize copies into are allocated uninitialized: only the part past the copy is cleared.
        // Large arrays dropped dirty before each rent give the collector dirty memory to hand out again.
        for (var round = 0; round < 20; round++)
        {
            var dirty = new long[Large * 4];
            dirty.AsSpan().Fill(-1);
            GC.KeepAlive(dirty);
            dirty = null;
            GC.Collect();

            var array = QueryBuffers.Unpooled.Rent<long>(Large);
            Assert.All(array, value => Assert.Equal(0, value));
            array.AsSpan().Fill(7);
            QueryBuffers.Unpooled.Resize(ref array, Large * 3);
            Assert.All(array.AsSpan(0, Large).ToArray(), value => Assert.Equal(7, value));
            Assert.All(array.AsSpan(Large).ToArray(), value => Assert.Equal(0, value));
        }
    }

    [Fact]
    public void An_array_is_never_rented_to_two_threads_at_once()
    {
        var pool = new BufferPool(64L << 20);
        var owners = new System.Collections.Concurrent.ConcurrentDictionary<int[], int>(ReferenceEqualityComparer.Instance);
        var clashes = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var buffers = new QueryBuffers(pool);
            var array = buffers.Rent<int>(Large << (i % 3));
            if (!owners.TryAdd(array, i))
            {
                Interlocked.Increment(ref clashes);
            }

            array[0] = i;
            Thread.SpinWait(100);
            if (array[0] != i)
            {
                Interlocked.Increment(ref clashes);
            }

            owners.TryRemove(array, out _);
        });
        Assert.Equal(0, clashes);
        Assert.True(pool.RetainedBytes <= pool.MaxRetainedBytes);
    }
}
