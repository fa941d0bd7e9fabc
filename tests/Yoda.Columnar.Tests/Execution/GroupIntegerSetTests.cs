using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

public sealed class GroupIntegerSetTests
{
    /// <summary>The open-addressing set answers every Add as a HashSet of the same pairs does, through many growths.</summary>
    [Property(MaxTest = 100)]
    public bool Adds_like_a_hash_set(int seed, bool wide)
    {
        var random = new Random(seed);
        var (set, reference) = (new GroupIntegerSet(), new HashSet<(int, long)>());
        for (var i = 0; i < 5_000; i++)
        {
            var group = random.Next(0, wide ? 1_000 : 3);
            var value = wide ? random.NextInt64(long.MinValue, long.MaxValue) % (random.Next(2) == 0 ? 100 : long.MaxValue) : random.Next(-50, 50);
            if (set.Add(group, value) != reference.Add((group, value)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Batches of selected rows, some NULL, add like single pairs in row order, and report exactly the
    /// new pairs, in order; 60,000 distinct pairs take the table past the size from which it prefetches.
    /// </summary>
    [Property(MaxTest = 10)]
    public bool Adds_batches_like_a_hash_set(int seed)
    {
        var random = new Random(seed);
        var (set, reference) = (new GroupIntegerSet(), new HashSet<(int, long)>());
        var (newRows, newGroups) = (new int[Chunk.Capacity], new int[Chunk.Capacity]);
        for (var batch = 0; batch < 40; batch++)
        {
            var values = Enumerable.Range(0, Chunk.Capacity).Select(_ => (long)random.Next(0, 30_000) * (random.Next(2) == 0 ? 1 : long.MaxValue / 40_000)).ToArray();
            var nulls = random.Next(3) == 0 ? null : values.Select(_ => random.Next(10) == 0).ToArray();
            var rows = Enumerable.Range(0, Chunk.Capacity).Where(_ => random.Next(4) != 0).ToArray();
            var groups = rows.Select(_ => random.Next(0, 2)).ToArray();
            var added = set.AddRows(values, nulls, rows, groups, newRows, newGroups);
            var expected = rows.Select((row, k) => (Row: row, Group: groups[k]))
                .Where(p => nulls?[p.Row] != true && reference.Add((p.Group, values[p.Row])))
                .ToArray();
            if (!newRows.AsSpan(0, added).SequenceEqual(expected.Select(p => p.Row).ToArray())
                || !newGroups.AsSpan(0, added).SequenceEqual(expected.Select(p => p.Group).ToArray()))
            {
                return false;
            }
        }

        return set.Count == reference.Count && reference.Count > 32_768;
    }
}
