using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck.Xunit;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

public sealed class ComparisonPredicateTests
{
    private static readonly string?[] Words = ["1998-09-02", "1998-09-03", "1994-01-01", "", null, "A", "a", "é", "1998-09-02 "];

    /// <summary>
    /// The scan's text comparison keeps exactly the selected non-NULL rows whose UTF-8 bytes compare
    /// as asked, on dense input (where the row buffer holds anything: it must not be read) and on
    /// sparse selections.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Text_comparisons_keep_the_selected_rows_that_pass(byte[] valueSeeds, byte[] selectionSeeds, byte constantSeed, byte opSeed, byte startSeed)
    {
        var values = valueSeeds.Select(b => Words[b % Words.Length]).ToArray();
        if (values.Length == 0)
        {
            return true;
        }

        var array = VectorBuilders.Utf8Array(values);
        var start = startSeed % values.Length;
        var constant = Words[constantSeed % Words.Length] ?? "1998";
        var op = (ComparisonOperator[])[ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Less, ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual];
        var chosen = op[opSeed % op.Length];
        var dense = selectionSeeds.Length == 0;
        var selected = Enumerable.Range(0, values.Length - start).Where(i => dense || selectionSeeds[i % selectionSeeds.Length] % 3 != 0).ToArray();
        if (selected.Length == 0)
        {
            return true;
        }

        var rows = dense ? Enumerable.Repeat(-7, selected.Length + 3).ToArray() : [.. selected, 0, 0];
        var kept = new ComparisonPredicate(0, chosen, constant, "c").Filter(array, start, rows, selected.Length, dense);

        var expected = selected.Where(i => values[start + i] is { } v && Passes(chosen, string.CompareOrdinal(Utf8(v), Utf8(constant)))).ToArray();
        return rows.AsSpan(0, kept).SequenceEqual(expected);
    }

    /// <summary>
    /// A zone map says that every row passes only when every non-NULL value does (the scan then skips
    /// the test on segments without NULLs), and always then but for &lt;&gt;; text in byte order and integers.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Zone_maps_say_every_row_passes_exactly_when_each_value_does(byte[] valueSeeds, byte constantSeed, byte opSeed, bool integers)
    {
        var texts = valueSeeds.Select(b => Words[b % Words.Length]).ToArray();
        var numbers = valueSeeds.Select(b => b % 7 == 0 ? (long?)null : b % 5 - 2).ToArray();
        var op = Operators[opSeed % Operators.Length];
        var textConstant = Words[constantSeed % Words.Length] ?? "1998";
        var numberConstant = (long)(constantSeed % 5) - 2;
        IArrowArray array = integers ? new Int64Array.Builder().AppendRange(numbers.Where(n => n is not null).Select(n => n!.Value)).Build() : VectorBuilders.Utf8Array(texts);
        if (ZoneMap.Of(array) is not { } zone)
        {
            return false;
        }

        var predicate = new ComparisonPredicate(0, op, integers ? numberConstant : textConstant, "c");
        var eachPasses = integers
            ? numbers.Where(n => n is not null).All(n => Passes(op, n!.Value.CompareTo(numberConstant)))
            : texts.Where(t => t is not null).All(t => Passes(op, string.CompareOrdinal(Utf8(t!), Utf8(textConstant))));
        // <> is decided only when the constant lies outside the range ({-1, 1} <> 0 is not).
        return op == ComparisonOperator.NotEqual
            ? !predicate.MatchesAll(zone) || eachPasses
            : predicate.MatchesAll(zone) == (zone.HasValues && eachPasses);
    }

    /// <summary>
    /// A scan leaves out a predicate that a segment's zone map shows every row passes, unless the
    /// column has NULLs there (which must still be dropped); other segments are tested as before.
    /// </summary>
    [Fact]
    public void A_scan_skips_only_predicates_that_every_row_of_a_segment_without_nulls_passes()
    {
        var schema = new Schema([new Field("d", StringType.Default, true)], null);
        Segment SegmentOf(params string?[] values) => new(new RecordBatch(schema, [VectorBuilders.Utf8Array(values)], values.Length), null);
        var table = new TableSnapshot("t", schema, [SegmentOf("2013-07-02", "2013-07-09"), SegmentOf("2013-07-03", null, "2013-07-04"), SegmentOf("2013-06-30", "2013-07-20", "2013-07-01")]);
        var scan = new ScanOperator(table, [0], [new ComparisonPredicate(0, ComparisonOperator.GreaterOrEqual, "2013-07-01", "d >= '2013-07-01'")]);

        Assert.Empty(scan.PredicatesFor(table.Segments[0]));
        Assert.Single(scan.PredicatesFor(table.Segments[1]));
        Assert.Single(scan.PredicatesFor(table.Segments[2]));
        Assert.Equal(["2013-07-02", "2013-07-09", "2013-07-03", "2013-07-04", "2013-07-20", "2013-07-01"], ParallelTables.Rows(scan));
    }

    private static readonly ComparisonOperator[] Operators = [ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Less, ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual];

    private static string Utf8(string text) => string.Concat(System.Text.Encoding.UTF8.GetBytes(text).Select(b => (char)b));

    private static bool Passes(ComparisonOperator op, int order) => op switch
    {
        ComparisonOperator.Equal => order == 0,
        ComparisonOperator.NotEqual => order != 0,
        ComparisonOperator.Less => order < 0,
        ComparisonOperator.LessOrEqual => order <= 0,
        ComparisonOperator.Greater => order > 0,
        _ => order >= 0,
    };
}
