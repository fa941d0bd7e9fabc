using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// Sum and count partials that take their counts from the aggregation's rows per group (<see cref="GroupRowCounts"/>) while
/// their arguments have no NULL, and count for themselves from the first chunk with one (or past the INTEGER
/// bound), merge into exactly the results of partials that count every value themselves.
/// </summary>
public sealed class GroupRowCountsTests
{
    [Fact]
    public void Counts_the_rows_of_each_group_and_copies_them()
    {
        var rows = new GroupRowCounts();
        rows.Add([0, 2, 2, 1, 2], 3);
        rows.Add([3, 0], 40);

        Assert.Equal([2L, 1, 3, 1, 0], Enumerable.Range(0, 5).Select(g => rows[g]));
        Assert.Equal(0, rows[1000]);
        var counts = new long[6];
        counts[5] = 9;
        rows.CopyTo(counts, 5);
        Assert.Equal([2L, 1, 3, 1, 0, 9], counts);
    }

    [Fact]
    public void A_count_reads_the_group_rows_until_a_chunk_with_a_null()
    {
        var groupRows = new GroupRowCounts();
        var partial = Spec(AggregateFunction.Count, ValueKind.Integer).CreatePartialState(groupRows: groupRows);
        Fold(partial, groupRows, ColumnVector.OfLongs([1, 2, 3], null), [0, 1, 0], 2);
        Fold(partial, groupRows, ColumnVector.OfLongs([4, 5, 6], [false, true, false]), [1, 1, 2], 3);
        var merged = new CountState();
        merged.Merge(partial, [0, 1, 2], [2, 1, 0], 3);

        Assert.Equal([1L, 2, 2], merged.Result(3).LongValues[..3].ToArray());
    }

    [Fact]
    public void A_null_after_chunks_without_any_counts_on_from_the_group_rows_before_it()
    {
        var groupRows = new GroupRowCounts();
        var partial = (IntegerSumPartial)Spec(AggregateFunction.Avg, ValueKind.Integer).CreatePartialState(groupRows: groupRows);
        Fold(partial, groupRows, ColumnVector.OfLongs([1, 2, 3], null), [0, 1, 0], 2);
        Fold(partial, groupRows, ColumnVector.OfLongs([4, 5, 6], [false, true, false]), [1, 1, 2], 3);
        Fold(partial, groupRows, ColumnVector.OfLongs([7], null), [2], 3);

        Assert.Equal([2L, 2, 2], Enumerable.Range(0, 3).Select(partial.Count));
    }

    /// <summary>
    /// Chunks of any length (none, fewer than four rows, not a multiple of four) over group counts on both sides of
    /// <see cref="GroupRowCounts.LanedGroupLimit"/>, growing from chunk to chunk, often all rows in one or two groups:
    /// the counts are a naive count's.
    /// </summary>
    [Property(MaxTest = 300)]
    public void Counts_every_chunk_as_a_naive_count_does(int seed)
    {
        var random = new Random(seed);
        var rows = new GroupRowCounts();
        var expected = new long[GroupRowCounts.LanedGroupLimit * 3];
        var groupCount = random.Next(1, 4);
        for (var c = random.Next(1, 12); c > 0; c--)
        {
            groupCount = Math.Min(expected.Length, groupCount + random.Next(0, 3) switch { 0 => 0, 1 => random.Next(0, 8), _ => random.Next(0, GroupRowCounts.LanedGroupLimit) });
            var used = random.Next(2) == 0 ? Math.Min(groupCount, 2) : groupCount;
            var groups = Enumerable.Range(0, random.Next(0, 3) == 0 ? random.Next(0, 6) : random.Next(0, 600)).Select(_ => random.Next(used)).ToArray();
            rows.Add(groups, groupCount);
            foreach (var g in groups)
            {
                expected[g]++;
            }
        }

        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(g => rows[g]));
    }

    /// <summary>
    /// Chunks of INTEGERs and REALs (with and without NULL arrays, NULLs starting part way, values that take the INTEGER
    /// partial past its bound) cut into morsels: every function's merged result is the one of partials counting for themselves.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Sums_counted_by_the_group_rows_merge_as_sums_counting_their_own_values(int seed)
    {
        var random = new Random(seed);
        var groupCount = random.Next(1, 5);
        var nullsFrom = random.Next(0, 3) switch { 0 => int.MaxValue, 1 => random.Next(0, 8), _ => 0 };
        var huge = random.Next(0, 4) == 0;
        var chunks = Enumerable.Range(0, random.Next(1, 10)).Select(c => Chunk(random, groupCount, withNulls: c >= nullsFrom, huge)).ToList();
        var morselEnds = chunks.Select((_, c) => c + 1).Where(_ => random.Next(3) == 0).Append(chunks.Count).Distinct().ToList();
        foreach (var function in new[] { AggregateFunction.Sum, AggregateFunction.Total, AggregateFunction.Avg, AggregateFunction.Count, AggregateFunction.CountStar })
        {
            foreach (var kind in new[] { ValueKind.Integer, ValueKind.Real })
            {
                Assert.Equal(Merged(function, kind, chunks, morselEnds, groupCount, shared: false), Merged(function, kind, chunks, morselEnds, groupCount, shared: true));
            }
        }
    }

    private static AggregateSpec Spec(AggregateFunction function, ValueKind kind) => new(function, new ColumnExpression(0, kind), false);

    /// <summary>A chunk folded as the aggregation folds it: the states first, then the group rows.</summary>
    private static void Fold(AggregateState partial, GroupRowCounts? groupRows, ColumnVector? argument, int[] groups, int groupCount)
    {
        partial.Update(argument, null, Enumerable.Range(0, groups.Length).ToArray(), groups, groupCount);
        groupRows?.Add(groups, groupCount);
    }

    /// <summary>The merged result (doubles by their bits), its error, or "serial" for a merge that asks for a serial run.</summary>
    private static string Merged(AggregateFunction function, ValueKind kind, List<(long[] Longs, bool[]? Nulls, int[] Groups)> chunks, List<int> morselEnds, int groupCount, bool shared)
    {
        var merged = Spec(function, kind).CreateState();
        var start = 0;
        try
        {
            foreach (var end in morselEnds)
            {
                var groupRows = shared ? new GroupRowCounts() : null;
                var partial = Spec(function, kind).CreatePartialState(groupRows: groupRows);
                foreach (var (longs, nulls, groups) in chunks[start..end])
                {
                    var argument = function == AggregateFunction.CountStar ? null
                        : kind == ValueKind.Integer ? ColumnVector.OfLongs(longs, nulls) : ColumnVector.OfDoubles([.. longs.Select(v => v / 8.0)], nulls);
                    Fold(partial, groupRows, argument, groups, groupCount);
                }

                merged.Merge(partial, Enumerable.Range(0, groupCount).ToArray(), Enumerable.Range(0, groupCount).ToArray(), groupCount);
                start = end;
            }

            var result = merged.Result(groupCount);
            return string.Join("|", Enumerable.Range(0, groupCount).Select(g => result.GetValue(g) switch
            {
                null => "NULL",
                double d => $"R{BitConverter.DoubleToInt64Bits(d)}",
                var v => v.ToString(),
            }));
        }
        catch (PartialsNotMergeableException)
        {
            return "serial";
        }
        catch (YodaException e)
        {
            return $"error: {e.Message}";
        }
    }

    /// <summary>1–20 rows of small values, or of values up to 2^62 when <paramref name="huge"/>; a NULL array (NULLs now and then) when <paramref name="withNulls"/>.</summary>
    private static (long[] Longs, bool[]? Nulls, int[] Groups) Chunk(Random random, int groupCount, bool withNulls, bool huge)
    {
        var rows = random.Next(1, 21);
        var values = Enumerable.Range(0, rows).Select(_ => huge && random.Next(3) == 0 ? random.NextInt64(long.MinValue / 2, long.MaxValue / 2) : random.Next(-1_000_000, 1_000_001)).ToArray();
        var nulls = withNulls ? Enumerable.Range(0, rows).Select(_ => random.Next(5) == 0).ToArray() : null;
        return (values, nulls, [.. Enumerable.Range(0, rows).Select(_ => random.Next(groupCount))]);
    }
}
