using FsCheck.Xunit;
using Yoda.Columnar.Execution;
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

    /// <summary>
    /// On a row mask (the path of ungrouped aggregates and of a scan's first predicates), the LIKE
    /// filter clears exactly the set rows that are NULL or do not match (or, negated, that match),
    /// over several words, words left empty by earlier predicates, and a last word cut short.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Narrows_a_mask_to_the_rows_that_match(byte[] valueSeeds, ulong[] maskSeeds, byte patternSeed, bool negated, byte startSeed)
    {
        var values = valueSeeds.Concat(valueSeeds.Reverse()).Concat(valueSeeds).Select(b => Pieces[b % Pieces.Length] is { } p ? string.Concat(Enumerable.Repeat(p, 1 + b / 64)) : null).ToArray();
        if (values.Length == 0)
        {
            return true;
        }

        var array = VectorBuilders.Utf8Array(values);
        var start = startSeed % values.Length;
        var length = values.Length - start;
        var mask = new ulong[(length + 63) / 64];
        for (var w = 0; w < mask.Length; w++)
        {
            mask[w] = maskSeeds.Length == 0 || w % 3 == 0 ? ulong.MaxValue : maskSeeds[w % maskSeeds.Length];
        }

        if (length % 64 != 0)
        {
            mask[^1] &= (1UL << length) - 1;
        }

        var before = (ulong[])mask.Clone();
        var pattern = Patterns[patternSeed % Patterns.Length];
        var predicate = new LikePredicate(0, Utf8LikePattern.TryCreate(pattern)!, negated, "like");
        predicate.Narrow(array, start, length, mask, new int[Chunk.Capacity]);
        return Enumerable.Range(0, length).All(i =>
        {
            var set = (before[i / 64] >> i & 1) != 0 && values[start + i] is { } v && LikeMatcher.Matches(pattern, v, null) != negated;
            return set == ((mask[i / 64] >> i & 1) != 0);
        });
    }
}
