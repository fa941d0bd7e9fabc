using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="StoredTextCodes"/> and the text group keys that read them: a stored array read a
/// second time is dictionary-encoded, and grouping through the codes gives exactly the reference
/// table's ids (first-seen order, NULL, invalid UTF-8 that decodes to a valid text's string),
/// also on slices of the array, selections of rows, and when one key dictionary reads several arrays,
/// segments of one column (numbered in its <see cref="ColumnTextDictionary"/>) or not.
/// </summary>
public sealed class StoredTextCodesTests
{
    private static readonly byte[]?[] Pool =
    [
        null, [], "A"u8.ToArray(), "N"u8.ToArray(), "id001"u8.ToArray(), "seven77"u8.ToArray(), "eight888"u8.ToArray(),
        "id0000000001"u8.ToArray(), "é"u8.ToArray(), "ñandú"u8.ToArray(), [0x61, 0xFF], [0x61, 0xFE], "a\uFFFD"u8.ToArray(),
        "a"u8.ToArray(), [0xFF], "\uFFFD"u8.ToArray(), "long text that is past the packed seven bytes"u8.ToArray(),
    ];

    [Fact]
    public void Arrays_read_again_group_through_their_codes_as_the_reference_does()
    {
        var random = new Random(11);
        AssertGroupsThroughCodes(Enumerable.Range(0, 3).Select(_ => Array(Enumerable.Range(0, 9_000).Select(_ => Value(random)).ToArray())).ToArray(), random);
    }

    [Fact]
    public void Ascii_arrays_read_again_find_their_texts_by_the_codes_hashes_as_the_reference_does()
    {
        // ASCII arrays look up each code's text with the hash kept beside the codes. The same texts
        // get other codes in each array (each numbers them in its own order of first appearance).
        var random = new Random(17);
        var pool = Enumerable.Range(0, 600)
            .Select(i => i % 50 == 0 ? null : i % 7 == 0 ? "k" + i : "http://example.org/page/" + i)
            .Select(text => text is null ? null : System.Text.Encoding.ASCII.GetBytes(text))
            .ToArray();
        var arrays = Enumerable.Range(0, 4)
            .Select(a => Array(Enumerable.Range(0, 9_000).Select(_ => pool[(random.Next(pool.Length) + (a * 150)) % pool.Length]).ToArray()))
            .ToArray();

        AssertGroupsThroughCodes(arrays, random);
        Assert.All(arrays, array => Assert.True(StoredTextCodes.Of(array)!.IsAscii));
    }

    [Fact]
    public void Ascii_segments_of_one_column_group_in_one_pass_as_the_reference_does()
    {
        // Arrays coded before the key reads them (read by an earlier query): every chunk goes through the
        // codes, and while no text is looked up by its bytes each chunk takes its ids in one pass (codes met
        // before by their column ids, new texts by them, a NULL at once) — the third array's chunk with
        // NULLs too; the last array, of no column, looks its texts up by their bytes (the second pass).
        var random = new Random(29);
        var pool = Enumerable.Range(0, 400).Select(i => System.Text.Encoding.ASCII.GetBytes(i % 9 == 0 ? $"k{i}" : $"id{i:D10}")).ToArray();
        var arrays = Enumerable.Range(0, 4)
            .Select(a => Array(Enumerable.Range(0, 9_000).Select(row => a == 2 && row is > 4_000 and < 4_010 ? null : pool[(random.Next(300) + (a * 30)) % pool.Length]).ToArray()))
            .ToArray();
        foreach (var array in arrays)
        {
            // The first look counts the array's read; the second codes it.
            _ = StoredTextCodes.Of(array) ?? StoredTextCodes.Of(array);
        }

        var column = new object();
        AssertGroupsThroughCodes(arrays, random, a => a == 3 ? null : column);
        Assert.All(arrays, array => Assert.True(StoredTextCodes.Of(array)!.IsAscii));
    }

    [Fact]
    public void Segments_of_one_column_group_through_the_column_ids_as_the_reference_does()
    {
        // The same texts (invalid UTF-8 among them) in every array, each numbering them in its own
        // order; two of the arrays belong to another column, which the key looks up per array.
        var random = new Random(23);
        var arrays = Enumerable.Range(0, 5).Select(_ => Array(Enumerable.Range(0, 9_000).Select(_ => Value(random)).ToArray())).ToArray();
        var (column, other) = (new object(), new object());
        AssertGroupsThroughCodes(arrays, random, a => a % 3 == 2 ? other : column);

        var dictionary = ColumnTextDictionary.Of(column);
        var idsOfBytes = new Dictionary<string, int>();
        foreach (var array in arrays.Where((_, a) => a % 3 != 2))
        {
            var codes = StoredTextCodes.Of(array)!;
            var ids = codes.ColumnIds(array, dictionary)!;
            for (var row = 0; row < array.Length; row++)
            {
                if (!array.IsNull(row))
                {
                    // Equal bytes, one column id, in whichever array.
                    var bytes = Convert.ToHexString(array.GetBytes(row));
                    Assert.Equal(idsOfBytes.TryAdd(bytes, ids[codes.Codes[row]]) ? ids[codes.Codes[row]] : idsOfBytes[bytes], ids[codes.Codes[row]]);
                }
            }
        }

        Assert.Equal(idsOfBytes.Count, dictionary.Count);
        Assert.Equal(idsOfBytes.Count, idsOfBytes.Values.Distinct().Count());

        // An array numbered in one column's dictionary has no ids in another's.
        Assert.Null(StoredTextCodes.Of(arrays[0])!.ColumnIds(arrays[0], ColumnTextDictionary.Of(other)));
    }

    [Theory]
    [InlineData(250, long.MaxValue)] // the second array's texts would pass the bound on texts
    [InlineData(int.MaxValue, 12_000)] // an empty dictionary holds 10 KB (TextIdTable's first arrays); the first array's 200 texts grow it past 12 KB
    public void A_column_dictionary_at_its_bound_numbers_no_more_arrays(int maxTexts, long maxBytes)
    {
        // 200 distinct texts an array, 100 of them shared: the second array would bring 100 new ones.
        var arrays = Enumerable.Range(0, 2)
            .Select(a => Array(Enumerable.Range(0, 4_000).Select(row => System.Text.Encoding.UTF8.GetBytes($"text {(a * 100) + (row % 200)}")).ToArray()))
            .ToArray();
        var dictionary = new ColumnTextDictionary(maxTexts, maxBytes);
        var codes = arrays.Select(array => StoredTextCodes.Of(array) ?? StoredTextCodes.Of(array)!).ToArray();

        Assert.NotNull(codes[0].ColumnIds(arrays[0], dictionary));
        Assert.Null(codes[1].ColumnIds(arrays[1], dictionary));
        Assert.Equal(200, dictionary.Count);

        // The full dictionary's refusal is kept for the array: it is not numbered on a later read either.
        Assert.Null(codes[1].ColumnIds(arrays[1], dictionary));
        Assert.Equal(200, dictionary.Count);
    }

    /// <summary>
    /// Groups the arrays' rows three times over, chunk by chunk, with a key dictionary and the reference
    /// table, and asserts the same ids and keys; <paramref name="columnOf"/> gives each array's column (none: null).
    /// </summary>
    private static void AssertGroupsThroughCodes(StringArray[] arrays, Random random, Func<int, object?>? columnOf = null)
    {
        var table = new KeyColumnGroupTable([ValueKind.Text]);
        var reference = new GenericGroupTable([ValueKind.Text]);

        // The first chunk of each array is read uncoded, the rest through the codes, in chunks at
        // offsets into the array, all rows or (last pass) a random selection of them.
        for (var pass = 0; pass < 3; pass++)
        {
            for (var a = 0; a < arrays.Length; a++)
            {
                var array = arrays[a];
                for (var start = 0; start < array.Length; start += 1_000)
                {
                    var length = Math.Min(1_000, array.Length - start);
                    var rows = pass == 2 ? Enumerable.Range(0, length).Where(_ => random.Next(3) == 0).ToArray() : Chunk.AllRows(length);
                    var nulls = Enumerable.Range(start, length).Select(array.IsNull).ToArray();
                    var key = ColumnVector.OfUtf8(array, start, length, rows, nulls, new TextDecoder(), columnOf?.Invoke(a));
                    var (ids, expected) = (new int[rows.Length], new int[rows.Length]);
                    table.Assign([key], rows, ids);
                    reference.Assign([key], rows, expected);
                    Assert.Equal(expected, ids);
                }

                Assert.NotNull(StoredTextCodes.Of(array));
            }
        }

        Assert.Equal(reference.Count, table.Count);
        var all = Chunk.AllRows(reference.Count);
        Assert.Equal(VectorBuilders.Values(reference.KeyColumns()[0], all), VectorBuilders.Values(table.KeyColumns()[0], all));
    }

    [Fact]
    public void Codes_number_equal_bytes_alike_in_order_of_first_appearance()
    {
        var array = Array([.. Enumerable.Repeat<byte[]?>("b"u8.ToArray(), 4), null, [0x61, 0xFF], "b"u8.ToArray(), [0x61, 0xFE], [0x61, 0xFF], .. Enumerable.Repeat<byte[]?>("b"u8.ToArray(), 3)]);
        Assert.Null(StoredTextCodes.Of(array));

        var codes = StoredTextCodes.Of(array);

        Assert.NotNull(codes);
        Assert.Equal(3, codes.Count);
        Assert.Equal(new ushort[] { 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0 }, codes.Codes);
    }

    [Fact]
    public void An_array_with_many_distinct_texts_gets_no_codes()
    {
        var array = Array(Enumerable.Range(0, 5_000).Select(i => (byte[]?)System.Text.Encoding.UTF8.GetBytes($"text {i % 1_300}")).ToArray());
        Assert.Null(StoredTextCodes.Of(array));
        Assert.Null(StoredTextCodes.Of(array));
    }

    private static byte[]? Value(Random random) =>
        random.Next(4) == 0 ? Pool[random.Next(Pool.Length)] : System.Text.Encoding.UTF8.GetBytes($"id{random.Next(600):D10}");

    private static StringArray Array(byte[]?[] values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            _ = value is null ? builder.AppendNull() : builder.Append(value.AsSpan());
        }

        return builder.Build();
    }
}
