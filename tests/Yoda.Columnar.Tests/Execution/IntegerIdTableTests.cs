using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Tests.Execution;

/// <summary><see cref="IntegerIdTable"/> against a dictionary, through many doublings, from its smallest size or sized for its first keys.</summary>
public sealed class IntegerIdTableTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 100_000)]
    [InlineData(2, 50_000)]
    public void A_key_keeps_the_id_it_was_first_given(int seed, int draws)
    {
        var random = new Random(seed);
        long[] pool = [long.MinValue, long.MaxValue, 0, -1, 1, .. Enumerable.Range(0, draws / 3).Select(_ => seed switch
        {
            0 => random.NextInt64(),
            1 => random.NextInt64(0, 1_000_000),
            _ => random.NextInt64(long.MinValue, long.MaxValue) & ~0xFFFFL,
        })];
        Check(new IntegerIdTable(), pool, draws, random);
    }

    /// <summary>A table sized for the keys it is about to take (a re-packing's groups) starts at that size and still grows past it.</summary>
    [Theory]
    [InlineData(1, 7)]          // the smallest size
    [InlineData(2, 8)]          // 17 slots needed: 32
    [InlineData(3, 1_000)]
    [InlineData(4, 40_000)]     // past the pool's smallest pooled array
    public void A_table_sized_for_its_keys_keeps_their_ids_and_grows_past_them(int seed, int keys)
    {
        var random = new Random(seed);
        long[] pool = [long.MinValue, long.MaxValue, 0, -1, .. Enumerable.Range(0, 3 * keys).Select(_ => random.NextInt64())];
        var buffers = new QueryBuffers(new BufferPool(1L << 30));
        Check(new IntegerIdTable(buffers, keys), pool, 10 * keys, random);
    }

    private static void Check(IntegerIdTable table, long[] pool, int draws, Random random)
    {
        var expected = new Dictionary<long, int>();
        for (var i = 0; i < draws; i++)
        {
            var key = pool[random.Next(pool.Length)];
            var id = table.GetOrAdd(key, expected.Count);
            if (expected.TryGetValue(key, out var earlier))
            {
                Assert.Equal(earlier, id);
            }
            else
            {
                Assert.Equal(expected.Count, id);
                expected[key] = id;
            }
        }

        foreach (var (key, id) in expected)
        {
            Assert.Equal(id, table.GetOrAdd(key, -1));
        }
    }
}
