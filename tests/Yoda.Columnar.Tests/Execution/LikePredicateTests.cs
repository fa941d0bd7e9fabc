using FsCheck.Xunit;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Execution;

public sealed class LikePredicateTests
{
    private static readonly string?[] Pieces = ["go", "OG", "le", "google", "gOoGlE", "", null, "xgooglex", "é😀", "oglego", "google google"];
    private static readonly string[] Patterns = ["%google%", "%oo%", "go%", "%le", "%og%le%", "google", "%😀%", "%"];

    /// <summary>
    /// The scan's LIKE filter keeps exactly the selected rows whose text matches (or, negated, does not),
    /// never NULLs, whether the pattern is searched row by row or across the bytes of all rows at once
    /// (matches spanning two values, or ending in a row left out of the selection, must not count), on
    /// dense and sparse selections.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Keeps_the_selected_rows_that_match(byte[] valueSeeds, byte[] selectionSeeds, byte patternSeed, bool negated, byte startSeed)
    {
        var values = valueSeeds.Select(b => Pieces[b % Pieces.Length] is { } p ? string.Concat(Enumerable.Repeat(p, 1 + b / 64)) : null).ToArray();
        if (values.Length == 0)
        {
            return true;
        }

        var array = VectorBuilders.Utf8Array(values);
        var start = startSeed % values.Length;
        var sparse = patternSeed >= 128;
        var selected = Enumerable.Range(0, values.Length - start)
            .Where(i => selectionSeeds.Length == 0 || (sparse ? selectionSeeds[i % selectionSeeds.Length] % 7 == 0 : selectionSeeds[i % selectionSeeds.Length] % 3 != 0))
            .ToArray();
        if (selected.Length == 0)
        {
            return true;
        }

        var pattern = Patterns[patternSeed % Patterns.Length];
        var predicate = new LikePredicate(0, Utf8LikePattern.TryCreate(pattern)!, negated, "like");
        var rows = (int[])selected.Clone();
        var kept = predicate.Filter(array, start, rows, rows.Length, dense: selected.Length == values.Length - start);
        var expected = selected.Where(i => values[start + i] is { } v && LikeMatcher.Matches(pattern, v, null) != negated);
        return rows[..kept].SequenceEqual(expected);
    }
}
