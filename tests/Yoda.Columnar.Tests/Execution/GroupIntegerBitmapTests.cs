using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

public sealed class GroupIntegerBitmapTests
{
    /// <summary>
    /// Batches of selected rows, some NULL, of groups that grow in number, add like a HashSet of pairs in
    /// row order and report exactly the rows and groups of new pairs, in order: values around 0, negative,
    /// next to long.MinValue or long.MaxValue, spreading both ways (the window's words laid out again as it grows down or up);
    /// a batch that would take the bits past their bound is refused with nothing added, and the pairs
    /// then move into a pair set (or, of one group, a value set) that holds them and no other.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool Adds_batches_like_a_hash_set_until_too_wide(int seed)
    {
        var random = new Random(seed);
        long[] bases = [0, -70_000, long.MinValue, long.MaxValue - 200_000, 1_000_000_000];
        var origin = bases[random.Next(bases.Length)];
        var bitmap = new GroupIntegerBitmap();
        var reference = new HashSet<(int, long)>();
        var (newRows, newGroups) = (new int[Chunk.Capacity], new int[Chunk.Capacity]);
        var (groupCount, width) = (1, random.Next(1, 3000));
        // Or the values drift, down (up from long.MinValue) a little each batch: the window grows by less than it doubles.
        var drift = random.Next(2) == 0 ? 0 : random.Next(1, 2000) * (origin == long.MinValue ? 1 : -1);
        for (var batch = 0; batch < 30; batch++)
        {
            groupCount = random.Next(4) == 0 ? Math.Min(groupCount * 3, 400) : groupCount;
            width = random.Next(3) == 0 ? Math.Min(width * 4, 150_000) : width;
            // Now and then a value far from the others: the range turns too wide for bits.
            var far = random.Next(12) == 0;
            // Around the origin as the width grows (so the window grows down and up), above long.MinValue only.
            var below = origin == long.MinValue ? 0 : width / 2;
            var start = origin + (drift * batch) - below;
            var values = Enumerable.Range(0, Chunk.Capacity).Select(_ => start + random.Next(width)).ToArray();
            if (far)
            {
                values[random.Next(values.Length)] = random.NextInt64(long.MinValue, long.MaxValue);
            }

            var nulls = random.Next(3) == 0 ? null : values.Select(_ => random.Next(10) == 0).ToArray();
            var rows = Enumerable.Range(0, Chunk.Capacity).Where(_ => random.Next(4) != 0).ToArray();
            var groups = rows.Select(_ => random.Next(groupCount)).ToArray();
            var countBefore = bitmap.Count;
            var added = bitmap.TryAddRows(values, nulls, rows, groups, groupCount, newRows, newGroups);
            if (added < 0)
            {
                return bitmap.Count == countBefore && countBefore == reference.Count && Moved(bitmap, reference, groupCount);
            }

            var expected = rows.Select((row, k) => (row, group: groups[k])).Where(p => nulls?[p.row] != true && reference.Add((p.group, values[p.row]))).ToArray();
            if (!newRows.AsSpan(0, added).SequenceEqual(expected.Select(p => p.row).ToArray())
                || !newGroups.AsSpan(0, added).SequenceEqual(expected.Select(p => p.group).ToArray())
                || bitmap.Count != reference.Count)
            {
                return false;
            }
        }

        return Moved(bitmap, reference, groupCount);
    }

    private static bool Moved(GroupIntegerBitmap bitmap, HashSet<(int Group, long Value)> reference, int groupCount)
    {
        if (groupCount == 1)
        {
            var values = new IntegerValueSet();
            bitmap.MoveTo(values);
            return bitmap.Bytes == 0 && values.Count == reference.Count && reference.All(pair => !values.Add(pair.Value));
        }

        var pairs = new GroupIntegerSet();
        bitmap.MoveTo(pairs);
        return bitmap.Bytes == 0 && pairs.Count == reference.Count && reference.All(pair => !pairs.Add(pair.Group, pair.Value));
    }
}
