using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="AscendingKeyGroupTable"/> against the boxed reference (<see cref="GenericGroupTable"/>): the same
/// ids chunk after chunk and the same key column, for keys in ascending runs (one id a run, no hashing), and
/// for keys that fall out of order or turn NULL part way (the keys seen so far keep their ids in the hashing
/// table that takes over), also in the middle of a chunk, at a chunk's first row, and with a selection; and
/// the key columns of the groups each chunk made (<see cref="GroupTable.KeyColumnsFrom"/>).
/// </summary>
public sealed class AscendingKeyGroupTableTests
{
    [Theory]
    [InlineData(0, -1, false, 0)]       // runs of 1-7 rows throughout, never hashed
    [InlineData(0, 2_500, false, 0)]    // a lower key in the middle of the third chunk
    [InlineData(0, 3_000, false, 0)]    // a lower key at a chunk's first row
    [InlineData(0, 0, true, 0)]         // a NULL first row: hashed from the start
    [InlineData(0, 1_700, true, 0)]     // a NULL in the middle of a chunk
    [InlineData(long.MaxValue - 20_000, -1, false, 0)] // keys up to long.MaxValue
    [InlineData(long.MinValue, -1, false, 0)]          // keys from long.MinValue
    [InlineData(0, -1, false, 6_000)]   // sized for the rows at once
    [InlineData(0, 2_500, false, 6_000)]
    [InlineData(0, -1, false, 1_200)]   // sized for fewer groups than come (a wrong bound): grows past them
    [InlineData(0, -1, false, 1)]
    public void Keys_in_runs_get_the_reference_groups(long first, int outOfOrderAt, bool nullThere, int mostGroups)
    {
        var random = new Random(outOfOrderAt);
        const int rows = 6_000;
        var keys = new long?[rows];
        var key = first;
        for (var i = 0; i < rows; i++)
        {
            key += i == 0 || random.Next(0, 4) != 0 ? 0 : random.Next(1, 3);
            keys[i] = key;
        }

        if (outOfOrderAt >= 0)
        {
            // Out of order from here on: a NULL, or a key seen long before, then keys seen before and new ones.
            keys[outOfOrderAt] = nullThere ? null : keys[outOfOrderAt / 3];
            for (var i = outOfOrderAt + 1; i < rows; i += 3)
            {
                keys[i] = keys[random.Next(0, i)];
            }
        }

        var table = new AscendingKeyGroupTable(mostGroups: mostGroups);
        var reference = new GenericGroupTable([ValueKind.Integer]);
        for (var from = 0; from < rows; from += 1_000)
        {
            var chunk = VectorBuilders.Longs(keys[from..(from + 1_000)]);

            // Every row, or every other row (a filter's selection), in turn.
            var selection = from % 2_000 == 0 ? Chunk.AllRows(1_000) : [.. Enumerable.Range(0, 500).Select(r => r * 2)];
            var (ids, expected) = (new int[selection.Length], new int[selection.Length]);
            var before = table.Count;
            table.Assign([chunk], selection, ids);
            reference.Assign([chunk], selection, expected);
            Assert.Equal(expected, ids);
            Assert.Equal(reference.Count, table.Count);

            // The keys of the groups this chunk made, as a worker table hands them over.
            var made = Chunk.AllRows(table.Count - before);
            Assert.Equal(VectorBuilders.Values(reference.KeyColumnsFrom(before)[0], made), VectorBuilders.Values(table.KeyColumnsFrom(before)[0], made));
        }

        Assert.Equal(outOfOrderAt < 0, table.Ascending);
        var all = Chunk.AllRows(reference.Count);
        Assert.Equal(VectorBuilders.Values(reference.KeyColumns()[0], all), VectorBuilders.Values(table.KeyColumns()[0], all));
    }

    [Fact]
    public void Room_made_ahead_is_held_until_its_groups_are_made()
    {
        var table = new AscendingKeyGroupTable(mostGroups: 100);
        Assert.Equal(100 * sizeof(long), table.HeldKeyBytes);

        var ids = new int[10];
        table.Assign([VectorBuilders.Longs([.. Enumerable.Range(1, 10).Select(k => (long?)k)])], Chunk.AllRows(10), ids);
        Assert.Equal(90 * sizeof(long), table.HeldKeyBytes);

        // Hashed from a lower key on: the keys are the hashing table's, counted per group.
        table.Assign([VectorBuilders.Longs([0, 11])], Chunk.AllRows(2), ids);
        Assert.False(table.Ascending);
        Assert.Equal(0, table.HeldKeyBytes);
    }

    [Fact]
    public void A_grouped_table_has_no_single_group() =>
        Assert.Throws<InvalidOperationException>(() => new AscendingKeyGroupTable().EnsureSingleGroup());
}
