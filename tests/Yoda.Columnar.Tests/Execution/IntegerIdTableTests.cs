using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary><see cref="IntegerIdTable"/> against a dictionary, through many doublings.</summary>
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
        var table = new IntegerIdTable();
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
