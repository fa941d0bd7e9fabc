using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Grouping by one INTEGER column whose values ascend from morsel to morsel (lineitem by <c>l_orderkey</c>,
/// stored in that order, as TPC-H Q18's IN subquery groups it; the storage's zone maps tell before any row
/// is read, <see cref="MorselKeyRange.Ascend"/>): a group lies within one morsel, or, the one key a
/// segment's end splits, begins in one morsel and goes on at the start of the next. So each worker
/// aggregates its morsel wholly, and the consumer only folds the rows of a split key into the morsel where
/// that key's group began (leaving it out of the later morsel's groups) and passes the morsels' groups on in
/// morsel order. That is the serial run's output to the bit: the serial table meets the groups in that order
/// (first seen), and each group's rows in the same order. Nothing is merged, and no morsel falls back to
/// the consumer (<see cref="MergedPartials"/> goes serial on a group per few rows).
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>Morsels that may have more groups than this (1 MB of keys) grow their key lists as they fill instead.</summary>
    private const int MostSizedGroups = 1 << 17;

    /// <summary>
    /// For one key that is an INTEGER input column whose values ascend from morsel to morsel, whether each
    /// morsel's lowest value may go on from the morsels before; null otherwise. Only for aggregates whose
    /// partials merge (<see cref="MergesPartials"/>): those a worker may fold.
    /// </summary>
    private (IReadOnlyList<MorselKeyRange> Ranges, bool[] SharesLowest)? AscendingKeyMorsels() =>
        keys is [ColumnExpression { Kind: ValueKind.Integer } key]
        && MergesPartials
        && input.MorselKeyRanges(key.Index) is { } ranges
        && MorselKeyRange.Ascend(ranges, out var sharesLowest)
            ? (ranges, sharesLowest)
            : null;

    /// <summary>
    /// Each morsel's groups and results, aggregated by a worker, in morsel order. Any error reruns the aggregation
    /// serially, which fails as a serial run does, or not: a split key's rows summed in the later morsel alone may
    /// overflow where the serial running sum, begun in the earlier one, does not.
    /// </summary>
    private List<Chunk> MorselByMorsel(MorselSource source, IReadOnlyList<MorselKeyRange> ranges, bool[] sharesLowest, QueryBuffers? buffers, CancellationToken ct)
    {
        var keyColumn = ((ColumnExpression)keys[0]).Index;
        var output = new List<Chunk>();

        // The last morsel with groups: the rows of a key it ends with may still come at the start of the next.
        MorselGroups? open = null;
        try
        {
            var morsels = OrderedMorsels.Run(
                source.Count,
                parallelism,
                (m, token) => FoldMorsel(source, m, keyColumn, ranges[m], sharesLowest[m], token),
                ct,
                discard: morsel => morsel.Folded.Free(memory));
            foreach (var morsel in morsels)
            {
                var left = -1;
                if (morsel.LowestRows is { Count: > 0 } rows && open is not null && open.Highest == morsel.Lowest)
                {
                    // The key's group began in the open morsel: its rows here are folded there, after the ones there.
                    Fold(open.Folded, rows);
                    left = morsel.LowestGroup;
                }

                if (morsel.Folded.Table.Count > (left >= 0 ? 1 : 0))
                {
                    if (open is not null)
                    {
                        output.Add(Groups(open));
                        open.Folded.Free(memory);
                    }

                    open = morsel with { LeftOut = left };
                }
                else
                {
                    morsel.Folded.Free(memory);
                }
            }

            if (open is not null)
            {
                output.Add(Groups(open));
            }

            return output;
        }
        catch (YodaException)
        {
            open?.Folded.Free(memory);
            open = null;
            var (columns, count) = Output(Fold(Start(partial: false, buffers), input.Execute(ct)));
            return count > 0 ? [Chunk.Dense(columns, count)] : [];
        }
        finally
        {
            open?.Folded.Free(memory);
        }
    }

    /// <summary>
    /// A morsel aggregated on a worker, with its key column built; the rows of its lowest key, when <paramref name="sharesLowest"/>
    /// (the morsels before may end with it), are kept aside too. What it counted stays counted until the consumer frees it.
    /// </summary>
    private MorselGroups FoldMorsel(MorselSource source, int morsel, int keyColumn, MorselKeyRange range, bool sharesLowest, CancellationToken ct)
    {
        // A morsel's keys come in ascending runs where the table was loaded in key order: no hashing then.
        var table = specialised ? new AscendingKeyGroupTable(buffers: null, SizedGroups(range)) : null;
        var folded = Start(partial: false, buffers: null, table);
        try
        {
            var sharedKey = sharesLowest ? range.Min : (long?)null;
            var chunks = source.Execute(morsel, ct);
            var shared = sharedKey.HasValue ? new List<Chunk>() : null;
            Fold(folded, sharedKey is { } key ? KeepingRowsOf(chunks, keyColumn, key, shared!) : chunks);
            var keyColumns = KeyColumnsOf(folded.Table);
            var (lowestGroup, lowest, highest) = Extremes(keyColumns[0], folded.Table.Count);
            return new MorselGroups(folded, keyColumns, shared, lowest, lowestGroup, highest);
        }
        catch
        {
            folded.Free(memory);
            throw;
        }
    }

    /// <summary>
    /// The groups a morsel's key list is made for at once (<see cref="MorselKeyRange.MostDistinctKeys"/>), 0 (grown
    /// by doubling as it fills) past <see cref="MostSizedGroups"/>. Not the states: zeroing sums for a bound four times the
    /// groups (lineitem's, a row bound of 65,536 for 16,400 orders) cost more than their growth did.
    /// </summary>
    private static int SizedGroups(MorselKeyRange range) => range.MostDistinctKeys is var most && most <= MostSizedGroups ? most : 0;

    /// <summary>Passes the chunks on, keeping aside, as chunks of their own, their rows whose key is <paramref name="key"/>.</summary>
    private static IEnumerable<Chunk> KeepingRowsOf(IEnumerable<Chunk> chunks, int keyColumn, long key, List<Chunk> kept)
    {
        foreach (var chunk in chunks)
        {
            var column = chunk.Columns[keyColumn];
            var values = column.LongValues;
            var selection = chunk.Selection;
            var count = 0;
            foreach (var i in selection)
            {
                count += values[i] == key && !column.IsNull(i) ? 1 : 0;
            }

            if (count > 0)
            {
                var rows = new int[count];
                count = 0;
                foreach (var i in selection)
                {
                    if (values[i] == key && !column.IsNull(i))
                    {
                        rows[count++] = i;
                    }
                }

                kept.Add(chunk.WithSelection(rows));
            }

            yield return chunk;
        }
    }

    /// <summary>The group of a morsel's lowest (non-NULL) key, that key and the highest; -1 and nulls without any.</summary>
    private static (int LowestGroup, long? Lowest, long? Highest) Extremes(ColumnVector keyColumn, int count)
    {
        var values = keyColumn.LongValues;
        var (lowestGroup, highestGroup) = (-1, -1);
        for (var g = 0; g < count; g++)
        {
            if (keyColumn.IsNull(g))
            {
                continue;
            }

            if (lowestGroup < 0 || values[g] < values[lowestGroup])
            {
                lowestGroup = g;
            }

            if (highestGroup < 0 || values[g] > values[highestGroup])
            {
                highestGroup = g;
            }
        }

        return lowestGroup < 0 ? (-1, null, null) : (lowestGroup, values[lowestGroup], values[highestGroup]);
    }

    /// <summary>A morsel's output: its key column and the states' results, less the group of a key folded into an earlier morsel.</summary>
    private Chunk Groups(MorselGroups morsel)
    {
        var count = morsel.Folded.Table.Count;
        ColumnVector[] columns = [.. morsel.KeyColumns, .. morsel.Folded.States.Select(s => s.Result(count))];
        if (morsel.LeftOut < 0)
        {
            return Chunk.Dense(columns, count);
        }

        var rows = new int[count - 1];
        for (int g = 0, r = 0; g < count; g++)
        {
            if (g != morsel.LeftOut)
            {
                rows[r++] = g;
            }
        }

        return new Chunk(columns, count, rows);
    }

    /// <summary>
    /// One morsel's aggregation, its key column, the rows of its lowest key kept aside (null when that key cannot go
    /// on from the morsels before), its lowest key and that key's group, its highest key, and the group left out of its output (-1: none).
    /// </summary>
    private sealed record MorselGroups(
        Aggregation Folded, ColumnVector[] KeyColumns, List<Chunk>? LowestRows, long? Lowest, int LowestGroup, long? Highest, int LeftOut = -1);
}
