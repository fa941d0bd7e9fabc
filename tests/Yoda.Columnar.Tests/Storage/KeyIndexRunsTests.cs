using FsCheck.Xunit;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>
/// The key index's runs (ascending keys at consecutive positions) against a plain
/// <see cref="Dictionary{TKey, TValue}"/>, with the operation mixes a table's index sees: loads
/// and insert cycles appending ascending keys (consecutive, with gaps, or at scattered positions),
/// updates moving keys to new positions, deletions, re-insertions of deleted keys, staged
/// removals (position -1) and resets.
/// </summary>
public sealed class KeyIndexRunsTests
{
    [Property(MaxTest = 300)]
    public void Random_operation_sequences_behave_like_a_dictionary(int seed, byte shape)
    {
        var random = new Random(seed);
        var gapChance = shape % 4 switch { 0 => 0.0, 1 => 0.01, 2 => 0.3, _ => 0.9 }; // how sparse the ascending keys are
        var positionSkipChance = (shape >> 2) % 3 switch { 0 => 0.0, 1 => 0.05, _ => 0.5 };
        var index = new KeyIndex(random.Next(3) == 0 ? 0 : random.Next(1, 5_000));
        var reference = new Dictionary<long, long>();
        var removed = new List<long>();
        var nextKey = random.NextInt64(-1_000, 1_000);
        var nextPosition = random.NextInt64(-2, 1_000);
        var steps = random.Next(1, 2_500);
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 55)
            {
                nextKey += random.NextDouble() < gapChance ? random.Next(2, 50) : 1;
                nextPosition += random.NextDouble() < positionSkipChance ? random.Next(2, 20) : 1;
                Add(index, reference, nextKey, nextPosition, random);
            }
            else if (roll < 65 && reference.Count > 0)
            {
                var key = random.Next(4) == 0 ? nextKey += 1 : Existing(reference, random);
                var position = ++nextPosition;
                if (random.Next(2) == 0)
                {
                    index.Set(RowKey.FromInteger(key), -1); // as a writer stages an update: the key removed, then set
                }

                index.Set(RowKey.FromInteger(key), position); // an update: the row moves to the end
                reference[key] = position;
            }
            else if (roll < 75 && reference.Count > 0)
            {
                var key = Existing(reference, random);
                Assert.True(index.Remove(RowKey.FromInteger(key)));
                reference.Remove(key);
                removed.Add(key);
            }
            else if (roll < 80 && removed.Count > 0)
            {
                var key = removed[random.Next(removed.Count)];
                Add(index, reference, key, ++nextPosition, random); // re-inserted after a deletion (or already back)
            }
            else if (roll < 84)
            {
                var key = RandomKey(random, nextKey);
                var position = random.Next(3) == 0 ? -1 : random.NextInt64(-1, nextPosition + 2);
                index.Set(RowKey.FromInteger(key), position); // a staged change: a position or a removal
                reference[key] = position;
            }
            else if (roll < 87)
            {
                var key = RandomKey(random, nextKey);
                Assert.Equal(reference.Remove(key), index.Remove(RowKey.FromInteger(key)));
            }
            else if (roll < 88 && random.Next(10) == 0)
            {
                index.Reset();
                reference.Clear();
            }
            else
            {
                var key = RandomKey(random, nextKey);
                Assert.Equal(reference.TryGetValue(key, out var expected), index.TryGetValue(RowKey.FromInteger(key), out var found));
                Assert.Equal(expected, found);
                Assert.False(index.CannotContain(RowKey.FromInteger(key)) && reference.ContainsKey(key));
                var value = random.NextInt64(-1, nextPosition + 2);
                Assert.Equal(reference.ContainsValue(value), index.ContainsValue(value));
            }
        }

        Assert.Equal(reference.Count, index.Count);
        Assert.Equal(reference.OrderBy(e => e.Key), index.Select(e => KeyValuePair.Create(Integer(e.Key), e.Value)).OrderBy(e => e.Key));
        foreach (var (key, position) in reference)
        {
            Assert.True(index.TryGetValue(RowKey.FromInteger(key), out var found));
            Assert.Equal(position, found);
            Assert.False(index.CannotContain(RowKey.FromInteger(key)));
        }
    }

    [Fact]
    public void Ten_million_consecutive_keys_take_a_few_bytes_and_stay_exact_through_removals_moves_and_reinsertions()
    {
        const int count = 10_000_000;
        var index = new KeyIndex(count);
        for (var key = 1L; key <= count; key++)
        {
            index.Set(RowKey.FromInteger(key), key - 1);
        }

        Assert.True(index.IntegerBytes < 1_000, $"{index.IntegerBytes} bytes");
        for (var key = 1L; key <= count; key += 1_000)
        {
            Assert.True(index.Remove(RowKey.FromInteger(key)));
            index.Set(RowKey.FromInteger(key + 1), count + key); // moved by an update
        }

        index.Set(RowKey.FromInteger(1), 2L * count); // re-inserted
        Assert.Equal(count - (count / 1_000) + 1, index.Count);
        Assert.True(index.TryGetValue(RowKey.FromInteger(1), out var one) && one == 2L * count);
        Assert.False(index.TryGetValue(RowKey.FromInteger(1_001), out _));
        Assert.True(index.TryGetValue(RowKey.FromInteger(1_002), out var moved) && moved == count + 1_001);
        Assert.True(index.TryGetValue(RowKey.FromInteger(1_003), out var kept) && kept == 1_002);
        // The removal bits and the moved keys' slots: a small fraction of the 16-byte slots every key had.
        Assert.True(index.IntegerBytes < 2_000_000, $"{index.IntegerBytes} bytes");
    }

    [Fact]
    public void Ascending_keys_with_gaps_take_a_sorted_long_each()
    {
        const int count = 1_000_000;
        var index = new KeyIndex(count);
        for (var key = 0L; key < count; key++)
        {
            index.Set(RowKey.FromInteger((key * 8) + (key % 7)), key);
        }

        Assert.True(index.IntegerBytes <= 8L * count * 11 / 10, $"{index.IntegerBytes} bytes");
        for (var key = 0L; key < count; key += 99)
        {
            Assert.True(index.TryGetValue(RowKey.FromInteger((key * 8) + (key % 7)), out var position) && position == key);
            Assert.False(index.TryGetValue(RowKey.FromInteger((key * 8) + (key % 7) + 1), out _));
        }
    }

    private static void Add(KeyIndex index, Dictionary<long, long> reference, long key, long position, Random random)
    {
        if (random.Next(2) == 0)
        {
            Assert.Equal(reference.TryAdd(key, position), index.TryAdd(RowKey.FromInteger(key), position));
        }
        else
        {
            index.Set(RowKey.FromInteger(key), position);
            reference[key] = position;
        }
    }

    private static long Existing(Dictionary<long, long> reference, Random random) => reference.Keys.ElementAt(random.Next(reference.Count));

    private static long RandomKey(Random random, long nextKey) => random.Next(20) switch
    {
        0 => long.MinValue + random.Next(2),
        1 => long.MaxValue - random.Next(2),
        _ => random.NextInt64(nextKey - 2_000, nextKey + 5),
    };

    private static long Integer(RowKey key) => key.TryGetInteger(out var value) ? value : throw new InvalidOperationException($"{key} is not an integer key");
}
