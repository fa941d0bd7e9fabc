using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

public sealed class TopNTests
{
    private static readonly SortKey[][] KeyLists =
    [
        [new SortKey(0, false, true)],
        [new SortKey(3, true, false), new SortKey(2, false, true)],
        [new SortKey(2, true, true)],
        [new SortKey(0, false, false), new SortKey(3, false, true), new SortKey(1, true, false)],

        // INTEGER first keys descending (as ORDER BY COUNT(*) DESC), settled on that key alone where it differs.
        [new SortKey(0, true, false), new SortKey(1, false, true)],
        [new SortKey(1, true, true)],
    ];

    /// <summary>
    /// A top-N that compacts and then drops rows against its worst kept row returns exactly the first
    /// rows of the full sort, ties (many: small keys, NULLs, both zeros) in input order.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool Top_n_is_the_head_of_the_full_sort(int seed, byte budgetSeed)
    {
        var table = ParallelTables.Random(seed, segments: 60, huge: false);
        var budget = new[] { 1, 3, 10, 100, 1500 }[budgetSeed % 5];
        foreach (var keys in KeyLists)
        {
            var full = Render(new SortOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, null, "full"));
            var top = Render(new SortOperator(new ScanOperator(table, [0, 1, 2, 3]), keys, budget, "top"));
            if (!top.SequenceEqual(full.Take(budget)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The boundary compares stored text by its UTF-8 bytes: non-ASCII text (U+FFFD against U+1F600,
    /// whose UTF-16 order differs) and bytes that are not valid UTF-8 (0xFF, which decodes to U+FFFD
    /// and so orders below U+FFFE) still give the head of the full sort, in both directions.
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 7)]
    public void Top_n_of_non_ascii_and_invalid_utf8_text_is_the_head_of_the_full_sort(bool descending, int budget)
    {
        byte[][] texts = ["b"u8.ToArray(), "\uFFFD"u8.ToArray(), "😀"u8.ToArray(), [0xFF], "\uFFFE"u8.ToArray(), "é"u8.ToArray(), [0x61, 0xFF], "a"u8.ToArray()];
        var random = new Random(budget);
        var table = StoredTexts(400, () => texts[random.Next(texts.Length)]);
        Assert.Equal(Head(table, descending, budget), TopN(table, descending, budget));
    }

    [Fact]
    public void An_invalid_byte_arriving_after_the_boundary_enters_as_the_text_it_decodes_to()
    {
        // As bytes 0xFF orders after U+FFFE; decoded (U+FFFD) it orders before it, and is the minimum.
        byte[][] early = ["\uFFFE"u8.ToArray(), "😀"u8.ToArray()];
        // The first compaction (after the first chunk) sets the boundary, U+FFFE from the first few
        // chunks on; 0xFF arrives from row 6,000 on.
        var row = 0;
        var random = new Random(5);
        var table = StoredTexts(400, () => row++ < 6_000 ? early[random.Next(2)] : [0xFF]);
        Assert.Equal(["\uFFFD"], TopN(table, descending: false, budget: 1));
    }

    /// <summary>
    /// A first key of few distinct ASCII texts (ISO dates, in a different order of first appearance in each
    /// segment) is compared once per code of a segment's dictionary-encoded array from the array's second
    /// read on: every read, in both directions, gives the head of the full sort, ties settled by an INTEGER
    /// second key, NULLs in some segments.
    /// </summary>
    [Property(MaxTest = 30)]
    public bool Top_n_by_a_coded_text_key_is_the_head_of_the_full_sort(int seed, byte budgetSeed, bool descending)
    {
        var random = new Random(seed);
        var budget = new[] { 1, 3, 10, 100 }[budgetSeed % 4];
        var dates = Enumerable.Range(0, random.Next(1, 40)).Select(d => $"2013-07-{d + 1:D2}").ToArray();
        var table = DatesAndNumbers(random, dates);
        SortKey[] keys = [new SortKey(0, descending, !descending), new SortKey(1, !descending, true)];
        var full = Render(new SortOperator(new ScanOperator(table, [0, 1]), keys, null, "full")).Take(budget).ToList();
        for (var read = 0; read < 3; read++)
        {
            if (!Render(new SortOperator(new ScanOperator(table, [0, 1]), keys, budget, "top")).SequenceEqual(full))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void A_budget_of_zero_keeps_no_row()
    {
        var table = ParallelTables.Random(7, segments: 5, huge: false);
        Assert.Empty(Render(new SortOperator(new ScanOperator(table, [0, 3]), [new SortKey(1, false, true)], 0, "top")));
    }

    private static List<string> Head(Yoda.Columnar.Storage.TableSnapshot table, bool descending, int budget) =>
        [.. Render(new SortOperator(new ScanOperator(table, [0]), [new SortKey(0, descending, true)], null, "full")).Take(budget)];

    private static List<string> TopN(Yoda.Columnar.Storage.TableSnapshot table, bool descending, int budget) =>
        Render(new SortOperator(new ScanOperator(table, [0]), [new SortKey(0, descending, true)], budget, "top"));

    /// <summary>
    /// One String column in many small segments, more rows than a top-N buffers before it first
    /// compacts, so that later chunks meet the boundary.
    /// </summary>
    private static Yoda.Columnar.Storage.TableSnapshot StoredTexts(int segments, Func<byte[]> next)
    {
        var schema = new Apache.Arrow.Schema([new Apache.Arrow.Field("s", Apache.Arrow.Types.StringType.Default, false)], null);
        var list = new List<Yoda.Columnar.Storage.Segment>();
        for (var s = 0; s < segments; s++)
        {
            var builder = new Apache.Arrow.StringArray.Builder();
            for (var row = 0; row < 20; row++)
            {
                builder.Append(next().AsSpan());
            }

            list.Add(new Yoda.Columnar.Storage.Segment(new Apache.Arrow.RecordBatch(schema, [builder.Build()], 20), null));
        }

        return new Yoda.Columnar.Storage.TableSnapshot("t", schema, [.. list]);
    }

    /// <summary>A String column of <paramref name="dates"/> (NULLs in one segment in four) and an Int64 column, in segments of 20 to 6,000 rows.</summary>
    private static Yoda.Columnar.Storage.TableSnapshot DatesAndNumbers(Random random, string[] dates)
    {
        var schema = new Apache.Arrow.Schema(
            [new Apache.Arrow.Field("d", Apache.Arrow.Types.StringType.Default, true), new Apache.Arrow.Field("n", Apache.Arrow.Types.Int64Type.Default, false)],
            null);
        var list = new List<Yoda.Columnar.Storage.Segment>();
        for (var s = random.Next(1, 12); s > 0; s--)
        {
            var rows = random.Next(0, 2) == 0 ? random.Next(20, 200) : random.Next(4_000, 6_000);
            var withNulls = random.Next(0, 4) == 0;
            var texts = new Apache.Arrow.StringArray.Builder();
            var numbers = new Apache.Arrow.Int64Array.Builder();
            for (var row = 0; row < rows; row++)
            {
                if (withNulls && random.Next(0, 10) == 0)
                {
                    texts.AppendNull();
                }
                else
                {
                    texts.Append(dates[random.Next(dates.Length)]);
                }

                numbers.Append(random.Next(0, 50));
            }

            list.Add(new Yoda.Columnar.Storage.Segment(new Apache.Arrow.RecordBatch(schema, [texts.Build(), numbers.Build()], rows), null));
        }

        return new Yoda.Columnar.Storage.TableSnapshot("t", schema, [.. list]);
    }

    private static List<string> Render(PhysicalOperator op) =>
        [.. op.Execute(default).SelectMany(chunk => chunk.Selection.Select(row =>
            string.Join("|", chunk.Columns.Select(c => c.GetValue(row) is double d ? d.ToString("R") + (double.IsNegative(d) ? "-" : "") : c.GetValue(row)?.ToString() ?? "NULL"))))];
}
