using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>Text ids keyed by UTF-8 bytes, whichever form (stored bytes or strings) the texts arrive in.</summary>
public class TextIdTableTests
{
    [Fact]
    public void Ids_follow_first_appearance_across_growth_against_a_dictionary()
    {
        var random = new Random(3);
        var table = new TextIdTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 50_000; i++)
        {
            // Lengths around the 8-byte steps of the hash, shared prefixes, the empty text and non-ASCII text.
            var text = random.Next(6) switch
            {
                0 => string.Empty,
                1 => "é" + random.Next(300),
                2 => new string('x', random.Next(0, 20)),
                _ => "prefix-common-" + random.Next(20_000),
            };
            var expected = reference.TryGetValue(text, out var id) ? id : reference[text] = reference.Count;
            Assert.Equal(expected, i % 2 == 0 ? table.GetOrAdd(text) : table.GetOrAddStored(System.Text.Encoding.UTF8.GetBytes(text)));
        }

        Assert.Equal(reference.Count, table.Count);
    }

    [Fact]
    public void Stored_bytes_and_strings_of_one_text_get_one_id_invalid_utf8_as_the_string_it_decodes_to()
    {
        var stored = Strings([0x61, 0x62], [0x61, 0xFF], [0x61, 0xFE], [0xC3, 0xA9]);
        var table = new TextIdTable();
        Assert.Equal(0, table.GetOrAdd("ab"));
        Assert.Equal(0, table.GetOrAddStored(stored.Utf8At(0)));
        Assert.Equal(1, table.GetOrAddStored(stored.Utf8At(1)));

        // Both invalid sequences decode to "a\uFFFD", as they do wherever the engine decodes text.
        Assert.Equal(1, table.GetOrAddStored(stored.Utf8At(2)));
        Assert.Equal(1, table.GetOrAdd("a\uFFFD"));
        Assert.Equal(2, table.GetOrAddStored(stored.Utf8At(3)));
        Assert.Equal(2, table.GetOrAdd("é"));
    }

    [Fact]
    public void Valid_utf8_gets_the_id_of_its_string_for_every_length_around_the_eight_byte_steps()
    {
        var table = new TextIdTable();
        var texts = Enumerable.Range(0, 40).Select(n => new string('a', n)).Concat(Enumerable.Range(0, 40).Select(n => new string('a', n) + "b")).ToList();
        var ids = texts.Select(t => table.GetOrAdd(t)).ToList();
        Assert.Equal(texts.Count, ids.Distinct().Count());
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(ids[i], table.GetOrAddValidUtf8(System.Text.Encoding.UTF8.GetBytes(texts[i])));
        }

        Assert.Equal(texts.Count, table.Count);
    }

    [Fact]
    public void Batched_stored_texts_get_the_ids_of_a_dictionary_across_growth_and_prefetching()
    {
        // About 45,000 distinct texts: the table rehashes inside batches and prefetches once it is large.
        var random = new Random(11);
        var table = new TextIdTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var chunk = 0; chunk < 40; chunk++)
        {
            var texts = Enumerable.Range(0, 2_000).Select(_ => random.Next(5) switch
            {
                0 => string.Empty,
                1 => "x" + random.Next(100),
                _ => "http://example.org/" + (random.Next(2) == 0 ? "a/" : "long/path/") + random.Next(40_000),
            }).ToArray();
            var vector = Strings([.. texts.Select(t => System.Text.Encoding.UTF8.GetBytes(t))]);

            // A selection that skips rows and repeats none, as a filter leaves it.
            var rows = Enumerable.Range(0, texts.Length).Where(r => r % 3 != 1).ToArray();
            var ids = new int[rows.Length];
            table.GetOrAddValidUtf8(vector.Utf8Texts, rows, ids);

            var expected = rows.Select(r => reference.TryGetValue(texts[r], out var id) ? id : reference[texts[r]] = reference.Count);
            Assert.Equal(expected, ids);
        }

        Assert.Equal(reference.Count, table.Count);
        foreach (var (text, id) in reference)
        {
            Assert.Equal(id, table.GetOrAdd(text));
            Assert.Equal(text, System.Text.Encoding.UTF8.GetString(table.Utf8Of(id)));
        }
    }

    private static ColumnVector Strings(params byte[][] values)
    {
        var builder = new StringArray.Builder();
        foreach (var value in values)
        {
            builder.Append(value.AsSpan());
        }

        return ColumnVector.OfUtf8(builder.Build(), 0, values.Length, Enumerable.Range(0, values.Length).ToArray(), null, new TextDecoder());
    }
}
