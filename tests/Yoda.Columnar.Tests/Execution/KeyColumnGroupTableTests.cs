using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="KeyColumnGroupTable"/> against the boxed reference (<see cref="GenericGroupTable"/>):
/// both number groups in order of first appearance, so ids and key columns must match exactly,
/// chunk after chunk, through every layout (direct-indexed, packed hash, re-packed as dictionaries
/// grow, and the tuple table once the keys need more than 64 bits); so must the key columns of the
/// groups each chunk added (<see cref="GroupTable.KeyColumnsFrom"/>).
/// </summary>
public sealed class KeyColumnGroupTableTests
{
    [Theory]
    [InlineData(2, 3, 5_000)]        // a small packed range: the direct array
    [InlineData(3, 300, 20_000)]     // packed hash, re-packed as the dictionaries widen
    [InlineData(9, 400, 6_000)]      // 9 × 9 bits: beyond 64 bits, the tuple table
    [InlineData(4, 100_000, 30_000)] // 4 × 15 bits, nearly one group per row, many re-packings
    [InlineData(1, 200_000, 120_000)] // one key past the direct range, in a table large enough to prefetch (NULL rows among them)
    [InlineData(2, 300_000, 150_000)] // 2 × 19 bits, nearly one group per row: the packed-key table large enough to prefetch
    [InlineData(3, 60, 150_000)]     // 3 × 6 bits, groups recurring in a packed-key table large enough to prefetch
    [InlineData(6, 1_000, 100_000)]  // h2o-q10's six keys: 6 × 10 bits, nearly one group per row, key columns grown many times
    public void Integer_keys_get_the_reference_groups(int columns, int distinct, int rows)
    {
        var random = new Random(columns * distinct);
        var keys = Enumerable.Range(0, columns)
            .Select(_ => Enumerable.Range(0, rows).Select(_ => random.Next(10) == 0 ? (long?)null : random.Next(distinct) - 2L).ToArray())
            .ToArray();
        AssertSameGroups([.. Enumerable.Repeat(ValueKind.Integer, columns)], rows, (c, from, to) => VectorBuilders.Longs(keys[c][from..to]));
    }

    [Theory]
    [InlineData(false)] // ascending in runs, as an order's line items are stored
    [InlineData(true)]  // in random order
    public void Dense_integer_keys_past_the_first_direct_range_get_the_reference_groups(bool shuffled)
    {
        // Some keys come first, while the direct-indexed range is too small to cover them, and get ids in
        // the table of other integers; the dense keys that follow grow the range over them (up to 2^22),
        // and their later rows must keep those ids. Keys past that range, negative keys and NULLs stay
        // beside them throughout.
        var random = new Random(shuffled ? 3 : 4);
        long?[] early = [400_000, 250_000, 3_000_000, null, -3, 5_000_000_000];
        var dense = Enumerable.Range(0, 150_000).Select(i => (long?)(((long)i / 3 * 4) + (i % 3))).ToArray();
        if (shuffled)
        {
            random.Shuffle(dense);
        }

        var keys = early.Concat(dense.Select(key => random.Next(40) switch
        {
            0 => early[random.Next(early.Length)],
            1 => random.Next(1 << 23),
            _ => key,
        })).ToArray();
        AssertSameGroups([ValueKind.Integer], keys.Length, (_, from, to) => VectorBuilders.Longs(keys[from..to]));
    }

    [Theory]
    [InlineData(1_000_000_000L, false, true)]   // ClickBench's user ids: 10^9 + up to 100,000
    [InlineData(1_000_000_000L, true, true)]
    [InlineData(1_000_000_000L, true, false)]   // no NULLs, read from storage: the loop over rows in the window
    [InlineData(300_000L, false, false)]        // a parallel morsel's order keys: based at them, not at 0
    [InlineData(35_536L, true, true)]           // a smallest first value of about 65,536: the first not based at 0
    [InlineData(-5_000_000_000L, true, true)]   // negative: the window is based below 0
    [InlineData(long.MaxValue - 150_000, true, false)] // the window grows up against long.MaxValue
    [InlineData(long.MinValue, false, true)]    // and down against long.MinValue
    [InlineData(long.MinValue + 3, true, false)]
    public void Dense_integer_keys_far_from_zero_get_the_reference_groups(long first, bool shuffled, bool withNulls)
    {
        // The window is based at the first chunk's smallest value: keys below it (met later) make it grow
        // downwards, keys past it upwards, as long as it stays dense; keys far from it (the ends of the
        // 64-bit range, 0) and NULLs stay in the table of other integers throughout.
        var random = new Random(shuffled ? 5 : 6);
        var dense = Enumerable.Range(0, 120_000).Select(i => first + 30_000 + i).ToArray();
        if (shuffled)
        {
            random.Shuffle(dense);
        }

        long[] strays = [long.MinValue, long.MaxValue, 0, -1, first, first + 29_999];
        var keys = dense.Select((key, i) => random.Next(30) switch
        {
            0 when withNulls => null,
            // After the first chunk, which places the window: far from it, and below it (where the window
            // must grow down over them, or not).
            1 when i >= 1_000 => strays[random.Next(strays.Length)],
            2 when i >= 1_000 => first + random.Next(30_000),
            _ => (long?)key,
        }).ToArray();
        if (withNulls)
        {
            AssertSameGroups([ValueKind.Integer], keys.Length, (_, from, to) => VectorBuilders.Longs(keys[from..to]));
            return;
        }

        var stored = new Int64Array.Builder().AppendRange(keys.Select(key => key!.Value)).Build();
        AssertSameGroups([ValueKind.Integer], keys.Length, (_, from, to) => ColumnVector.OfStoredLongs(stored, from, to - from, null));
    }

    [Fact]
    public void Short_long_and_non_ascii_texts_group_as_the_reference_does()
    {
        string?[] pool = [null, "", "A", "N", "id001", "seven77", "eight888", "id0000000001", "é", "ñandú", "a\0", "a", "\u007f", "ÿ"];
        var random = new Random(7);
        var first = Enumerable.Range(0, 4_000).Select(_ => pool[random.Next(pool.Length)]).ToArray();
        var second = Enumerable.Range(0, 4_000).Select(_ => pool[random.Next(pool.Length)]).ToArray();
        var third = Enumerable.Range(0, 4_000).Select(_ => (long?)random.Next(3)).ToArray();
        AssertSameGroups(
            [ValueKind.Text, ValueKind.Text, ValueKind.Integer],
            first.Length,
            (c, from, to) => c switch
            {
                0 => Stored(first[from..to]),
                1 => VectorBuilders.Texts(second[from..to]),
                _ => VectorBuilders.Longs(third[from..to]),
            });
    }

    [Fact]
    public void Many_stored_ascii_texts_with_nulls_and_short_texts_group_as_the_reference_does()
    {
        // ASCII stored texts take the batched path (long texts looked up together, ids handed out in
        // row order); 40,000 distinct long texts make the text-id table prefetch.
        var random = new Random(13);
        var texts = Enumerable.Range(0, 90_000).Select(_ => random.Next(8) switch
        {
            0 => null,
            1 => string.Empty,
            2 => "k" + random.Next(50),
            _ => "http://example.org/page/" + random.Next(60_000),
        }).ToArray();
        AssertSameGroups([ValueKind.Text], texts.Length, (_, from, to) => Stored(texts[from..to]));
    }

    [Fact]
    public void A_text_gets_one_group_whether_it_comes_stored_or_as_a_string()
    {
        string?[] texts = ["A", "id001", "id0000000001", "ñ", null, "A"];
        var table = new KeyColumnGroupTable([ValueKind.Text]);
        var stored = new int[texts.Length];
        var strings = new int[texts.Length];
        table.Assign([Stored(texts)], Chunk.AllRows(texts.Length), stored);
        table.Assign([VectorBuilders.Texts(texts)], Chunk.AllRows(texts.Length), strings);

        Assert.Equal([0, 1, 2, 3, 4, 0], stored);
        Assert.Equal(stored, strings);
        Assert.Equal(5, table.Count);
    }

    [Fact]
    public void Text_key_columns_come_back_as_the_dictionaries_utf8_bytes()
    {
        string?[] first = ["id001", null, "ñandú", "id0000000001", "id001", ""];
        string?[] second = ["x", "y", null, "y", "x", "long text é"];
        var table = new KeyColumnGroupTable([ValueKind.Text, ValueKind.Text]);
        table.Assign([Stored(first), VectorBuilders.Texts(second)], Chunk.AllRows(first.Length), new int[first.Length]);

        var columns = table.KeyColumns();

        Assert.All(columns, c => Assert.True(c.HasUtf8));
        var all = Chunk.AllRows(table.Count);
        Assert.Equal(["id001", null, "ñandú", "id0000000001", ""], VectorBuilders.Values(columns[0], all));
        Assert.Equal(["x", "y", null, "y", "long text é"], VectorBuilders.Values(columns[1], all));
    }

    [Fact]
    public void Texts_shared_by_many_groups_come_back_as_the_reference_does()
    {
        // Far more groups than texts per key (as h2o-q10's), so each key's texts are laid out once and every
        // group's copied from there: NULL, empty, packed short, eight-byte, long and multi-byte texts, and long
        // ASCII texts of a column's segments that take their ids by column id alone (their codes read first).
        string?[] ascii = [null, "", "A", "id001", "seven77", "eight888", "id0000000001", "a\0", new string('x', 300)];
        string?[] other = [null, "", "é", "ñandú ñandú", "日本語のテキスト", "id0000000002", "b"];
        var random = new Random(29);
        var column = new object();
        var segments = Enumerable.Range(0, 3)
            .Select(_ => VectorBuilders.Utf8Array(Enumerable.Range(0, 6_000).Select(_ => ascii[random.Next(ascii.Length)]).ToArray()))
            .ToArray();
        Assert.All(segments, segment => Assert.Null(StoredTextCodes.Of(segment)));
        var table = new KeyColumnGroupTable([ValueKind.Text, ValueKind.Text, ValueKind.Integer]);
        var reference = new GenericGroupTable([ValueKind.Text, ValueKind.Text, ValueKind.Integer]);
        foreach (var segment in segments)
        {
            for (var start = 0; start < segment.Length; start += 1_000)
            {
                var rows = Chunk.AllRows(1_000);
                var nulls = Enumerable.Range(start, 1_000).Select(segment.IsNull).ToArray();
                var second = Enumerable.Range(0, 1_000).Select(_ => other[random.Next(other.Length)]).ToArray();
                var third = Enumerable.Range(0, 1_000).Select(_ => (long?)random.Next(12)).ToArray();
                ColumnVector[] keys = [ColumnVector.OfUtf8(segment, start, 1_000, rows, nulls, new TextDecoder(), column), Stored(second), VectorBuilders.Longs(third)];
                var (ids, expected) = (new int[1_000], new int[1_000]);
                table.Assign(keys, rows, ids);
                reference.Assign(keys, rows, expected);
                Assert.Equal(expected, ids);
            }
        }

        Assert.True(reference.Count > 2 * (ascii.Length + other.Length));
        var (columns, expectedColumns) = (table.KeyColumns(), reference.KeyColumns());
        var all = Chunk.AllRows(reference.Count);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(VectorBuilders.Values(expectedColumns[c], all), VectorBuilders.Values(columns[c], all));
        }
    }

    private static void AssertSameGroups(ValueKind[] kinds, int rows, Func<int, int, int, ColumnVector> slice)
    {
        const int chunkRows = 1_000;
        var table = new KeyColumnGroupTable(kinds);
        var reference = new GenericGroupTable(kinds);
        for (var from = 0; from < rows; from += chunkRows)
        {
            var to = Math.Min(rows, from + chunkRows);
            var keys = Enumerable.Range(0, kinds.Length).Select(c => slice(c, from, to)).ToArray();
            var (ids, expected) = (new int[to - from], new int[to - from]);
            var before = table.Count;
            table.Assign(keys, Chunk.AllRows(to - from), ids);
            reference.Assign(keys, Chunk.AllRows(to - from), expected);
            Assert.Equal(expected, ids);

            // The chunk's new groups' keys alone, as a worker table hands them over.
            var (added, expectedAdded) = (table.KeyColumnsFrom(before), reference.KeyColumnsFrom(before));
            var news = Chunk.AllRows(reference.Count - before);
            for (var c = 0; c < kinds.Length; c++)
            {
                Assert.Equal(VectorBuilders.Values(expectedAdded[c], news), VectorBuilders.Values(added[c], news));
            }
        }

        Assert.Equal(reference.Count, table.Count);
        var (columns, expectedColumns) = (table.KeyColumns(), reference.KeyColumns());
        var all = Chunk.AllRows(reference.Count);
        for (var c = 0; c < kinds.Length; c++)
        {
            Assert.Equal(VectorBuilders.Values(expectedColumns[c], all), VectorBuilders.Values(columns[c], all));
        }
    }

    /// <summary>Texts as a scan reads them: UTF-8 bytes straight from an Arrow array.</summary>
    private static ColumnVector Stored(string?[] texts)
    {
        var nulls = texts.Select(t => t is null).ToArray();
        return ColumnVector.OfUtf8(VectorBuilders.Utf8Array(texts), 0, texts.Length, Chunk.AllRows(texts.Length), nulls, new TextDecoder());
    }
}
