using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

public sealed class IntegerValueSetTests
{
    /// <summary>
    /// Batches of selected rows, some NULL, add like a HashSet in row order and report exactly the rows
    /// of new values, in order (0 among them: the value kept outside the slots); more than 40,000 distinct values
    /// take the table past the size from which it prefetches; moved into a pair set, the values are
    /// that group's pairs and no other.
    /// </summary>
    [Property(MaxTest = 10)]
    public bool Adds_batches_like_a_hash_set(int seed)
    {
        var random = new Random(seed);
        var (set, reference) = (new IntegerValueSet(), new HashSet<long>());
        var newRows = new int[Chunk.Capacity];
        for (var batch = 0; batch < 40; batch++)
        {
            var values = Enumerable.Range(0, Chunk.Capacity).Select(_ => random.Next(100) == 0 ? 0 : (long)random.Next(-3, 50_000) * (random.Next(2) == 0 ? 1 : long.MaxValue / 60_000)).ToArray();
            var nulls = random.Next(3) == 0 ? null : values.Select(_ => random.Next(10) == 0).ToArray();
            var rows = Enumerable.Range(0, Chunk.Capacity).Where(_ => random.Next(4) != 0).ToArray();
            var added = set.AddRows(values, nulls, rows, newRows);
            var expected = rows.Where(row => nulls?[row] != true && reference.Add(values[row])).ToArray();
            if (!newRows.AsSpan(0, added).SequenceEqual(expected))
            {
                return false;
            }
        }

        var pairs = new GroupIntegerSet();
        pairs.Add(1, 0);
        set.MoveTo(pairs, group: 0);
        return set.Count == reference.Count && reference.Count > 40_000 && reference.Contains(0)
            && pairs.Count == reference.Count + 1 && reference.All(value => !pairs.Add(0, value)) && pairs.Add(2, 0);
    }
}
