using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// INTEGER sum partials folded two columns a pass (<see cref="PairedIntegerSums"/>) while they may add a chunk
/// uncounted, and by their own <see cref="AggregateState.Update"/> otherwise, merge into exactly the results of
/// partials that fold every chunk themselves.
/// </summary>
public sealed class PairedIntegerSumsTests
{
    [Fact]
    public void A_pair_adds_both_columns_selected_rows_into_their_groups()
    {
        var (firstSums, secondSums) = (new long[3], new long[3]);
        PairedIntegerSums.AddPair(firstSums, [1, 2, 3, 4], secondSums, [10, 20, 30, 40], [3, 0, 2], [2, 0, 2]);

        Assert.Equal([1L, 0, 7], firstSums);
        Assert.Equal([10L, 0, 70], secondSums);
    }

    [Fact]
    public void Defers_only_sums_that_may_add_the_chunk_uncounted()
    {
        var pairs = new PairedIntegerSums();
        var groupRows = new GroupRowCounts();
        var sum = Spec(AggregateFunction.Sum).CreatePartialState(groupRows: groupRows);

        Assert.False(pairs.TryDefer(sum, ColumnVector.OfLongs([1, 2], [false, true]), 2, 1));
        Assert.False(pairs.TryDefer(Spec(AggregateFunction.Sum).CreatePartialState(), ColumnVector.OfLongs([1, 2], null), 2, 1));
        Assert.False(pairs.TryDefer(Spec(AggregateFunction.Count).CreatePartialState(groupRows: groupRows), ColumnVector.OfLongs([1, 2], null), 2, 1));
        Assert.False(pairs.TryDefer(sum, ColumnVector.OfLongs([long.MaxValue, 2], null), 2, 1));
        Assert.True(pairs.TryDefer(sum, ColumnVector.OfLongs([1, 2], null), 2, 1));
    }

    /// <summary>
    /// One to four INTEGER sums (SUM, TOTAL, AVG) over chunks with and without NULL arrays and with values up to 2^62
    /// (past the 64-bit bound), cut into morsels: the paired folds merge into the same results (or error, or request
    /// for a serial run) as each partial folding alone.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Paired_sums_merge_as_sums_folded_one_at_a_time(int seed)
    {
        var random = new Random(seed);
        var groupCount = random.Next(1, 6);
        var functions = Enumerable.Range(0, random.Next(1, 5)).Select(_ => (AggregateFunction)random.Next((int)AggregateFunction.Sum, (int)AggregateFunction.Avg + 1)).ToArray();
        var chunks = Enumerable.Range(0, random.Next(1, 10)).Select(_ => Chunk(random, functions.Length, groupCount)).ToList();
        var morselEnds = chunks.Select((_, c) => c + 1).Where(_ => random.Next(3) == 0).Append(chunks.Count).Distinct().ToList();

        Assert.Equal(Merged(functions, chunks, morselEnds, groupCount, paired: false), Merged(functions, chunks, morselEnds, groupCount, paired: true));
    }

    private static AggregateSpec Spec(AggregateFunction function, int column = 0) => new(function, new ColumnExpression(column, ValueKind.Integer), false);

    /// <summary>Each sum's merged results (doubles by their bits), its error, or "serial" for a merge that asks for a serial run.</summary>
    private static string Merged(AggregateFunction[] functions, List<(ColumnVector[] Columns, int[] Rows, int[] Groups)> chunks, List<int> morselEnds, int groupCount, bool paired)
    {
        var merged = functions.Select((f, c) => Spec(f, c).CreateState()).ToArray();
        var start = 0;
        try
        {
            foreach (var end in morselEnds)
            {
                var groupRows = new GroupRowCounts();
                var partials = functions.Select((f, c) => Spec(f, c).CreatePartialState(groupRows: groupRows)).ToArray();
                var pairs = paired ? new PairedIntegerSums() : null;
                foreach (var (columns, rows, groups) in chunks[start..end])
                {
                    for (var c = 0; c < partials.Length; c++)
                    {
                        if (pairs?.TryDefer(partials[c], columns[c], rows.Length, groupCount) != true)
                        {
                            partials[c].Update(columns[c], null, rows, groups, groupCount);
                        }
                    }

                    pairs?.Fold(rows, groups);
                    groupRows.Add(groups, groupCount);
                }

                var all = Enumerable.Range(0, groupCount).ToArray();
                for (var c = 0; c < partials.Length; c++)
                {
                    merged[c].Merge(partials[c], all, all, groupCount);
                }

                start = end;
            }

            return string.Join(";", merged.Select(state =>
            {
                var result = state.Result(groupCount);
                return string.Join("|", Enumerable.Range(0, groupCount).Select(g => result.GetValue(g) switch
                {
                    null => "NULL",
                    double d => $"R{BitConverter.DoubleToInt64Bits(d)}",
                    var v => v.ToString(),
                }));
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

    /// <summary>
    /// 1–20 physical rows per column, of which a random subset is selected; a column's values are small, or up to 2^62 now and
    /// then; it has a NULL array (NULLs now and then) or none.
    /// </summary>
    private static (ColumnVector[] Columns, int[] Rows, int[] Groups) Chunk(Random random, int columnCount, int groupCount)
    {
        var length = random.Next(1, 21);
        var columns = Enumerable.Range(0, columnCount).Select(_ =>
        {
            var huge = random.Next(6) == 0;
            var values = Enumerable.Range(0, length).Select(_ => huge && random.Next(3) == 0 ? random.NextInt64(long.MinValue / 2, long.MaxValue / 2) : random.Next(-1_000_000, 1_000_001)).ToArray();
            var nulls = random.Next(4) == 0 ? Enumerable.Range(0, length).Select(_ => random.Next(5) == 0).ToArray() : null;
            return ColumnVector.OfLongs(values, nulls);
        }).ToArray();
        var rows = Enumerable.Range(0, length).Where(_ => random.Next(4) != 0).ToArray();
        return (columns, rows, [.. rows.Select(_ => random.Next(groupCount))]);
    }
}
