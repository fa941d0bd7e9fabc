using FsCheck.Xunit;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>The key index against a plain <see cref="Dictionary{TKey, TValue}"/> doing the same operations.</summary>
public sealed class KeyIndexTests
{
    /// <summary>
    /// Random sets, adds, removals and lookups over a narrow key range (long probe runs, many
    /// removals inside them) and the extremes of long, with composite keys mixed in.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Behaves_like_a_dictionary(int seed, byte range)
    {
        var random = new Random(seed);
        var keyRange = 1 + (range % 64) * 37;
        var index = new KeyIndex();
        var reference = new Dictionary<RowKey, long>();
        for (var step = 0; step < 3_000; step++)
        {
            var key = RandomKey(random, keyRange);
            var position = random.NextInt64(-1, 1_000_000);
            switch (random.Next(4))
            {
                case 0:
                    index.Set(key, position);
                    reference[key] = position;
                    break;
                case 1:
                    Assert.Equal(reference.TryAdd(key, position), index.TryAdd(key, position));
                    break;
                case 2:
                    Assert.Equal(reference.Remove(key), index.Remove(key));
                    break;
                default:
                    Assert.Equal(reference.TryGetValue(key, out var expected), index.TryGetValue(key, out var found));
                    Assert.Equal(expected, found);
                    Assert.False(index.CannotContain(key) && reference.ContainsKey(key));
                    break;
            }
        }

        Assert.Equal(reference.Count, index.Count);
        Assert.Equal(reference.OrderBy(e => e.Key.ToString()), index.OrderBy(e => e.Key.ToString()));
        foreach (var (key, position) in reference)
        {
            Assert.True(index.TryGetValue(key, out var found));
            Assert.Equal(position, found);
            Assert.False(index.CannotContain(key));
        }
    }

    [Fact]
    public void Integer_keys_above_every_key_added_are_known_absent_without_a_lookup()
    {
        var index = new KeyIndex();
        Assert.True(index.CannotContain(RowKey.FromInteger(long.MinValue)));
        foreach (var key in new long[] { 5, -3, 40, 12 })
        {
            index.Set(RowKey.FromInteger(key), key);
        }

        Assert.True(index.CannotContain(RowKey.FromInteger(41)));
        Assert.False(index.CannotContain(RowKey.FromInteger(40)));
        Assert.False(index.CannotContain(RowKey.FromInteger(7))); // below the maximum: a lookup decides
        index.Remove(RowKey.FromInteger(40));
        Assert.False(index.CannotContain(RowKey.FromInteger(40))); // removals do not lower the bound; still safe
        Assert.False(index.CannotContain(RowKey.FromValues(["a", 1L])) && index.ContainsKey(RowKey.FromValues(["a", 1L])));
        index.Set(RowKey.FromValues(["a", 1L]), 9);
        Assert.False(index.CannotContain(RowKey.FromValues(["a", 1L])));
    }

    [Fact]
    public void A_million_integer_keys_fill_at_least_three_eighths_of_their_16_byte_slots_and_removal_keeps_the_rest_reachable()
    {
        const int count = 1_000_000;
        var index = new KeyIndex(count);
        for (var key = 0L; key < count; key++)
        {
            index.Set(RowKey.FromInteger(key * 7), key);
        }

        Assert.True(index.IntegerBytes <= 16L * count * 8 / 3, $"{index.IntegerBytes} bytes");
        for (var key = 0L; key < count; key += 2)
        {
            Assert.True(index.Remove(RowKey.FromInteger(key * 7)));
        }

        for (var key = 0L; key < count; key++)
        {
            Assert.Equal(key % 2 == 1, index.TryGetValue(RowKey.FromInteger(key * 7), out var position));
            Assert.Equal(key % 2 == 1 ? key : 0, position);
        }

        Assert.Equal(count / 2, index.Count);
    }

    /// <summary>Removing a table's worth of keys in order, as a DELETE of every row does, stays linear.</summary>
    [Fact]
    public void Removing_keys_in_order_does_not_scan_long_probe_runs()
    {
        const int count = 400_000;
        var index = new KeyIndex();
        for (var key = 0L; key < count; key++)
        {
            index.Set(RowKey.FromInteger(key), key);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var key = 0L; key < count; key++)
        {
            Assert.True(index.Remove(RowKey.FromInteger(key)));
        }

        Assert.Empty(index);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed.TotalSeconds:F1} s"); // quadratic took minutes
    }

    [Fact]
    public void The_empty_slot_marker_is_not_a_position()
    {
        var index = new KeyIndex();
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Set(RowKey.FromInteger(1), long.MinValue));
    }

    private static RowKey RandomKey(Random random, int range) => random.Next(10) switch
    {
        0 => RowKey.FromInteger(long.MinValue + random.Next(3)),
        1 => RowKey.FromInteger(long.MaxValue - random.Next(3)),
        2 => RowKey.FromValues([(long)random.Next(range), "k" + random.Next(3)]),
        _ => RowKey.FromInteger(random.Next(range) - (range / 2)),
    };
}
