using FsCheck.Xunit;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Scan;

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
