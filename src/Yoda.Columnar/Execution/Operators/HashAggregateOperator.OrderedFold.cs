using System.Buffers;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The ordered parallel fold, for aggregates whose partial states do not merge exactly (DISTINCT,
/// group_concat, sums over texts or values whose class varies), and for grouped REAL sums with a group
/// per few rows (<see cref="SumsRealsByGroup"/>): the
/// workers run each morsel's pipeline (scan, filters, join probes), evaluate the keys and the
/// aggregate arguments and give the morsel's rows group ids of a table of its own; the consumer,
/// morsel by morsel in order, maps those groups into the one table (first-seen order, so the output
/// order is the serial one) and folds the kept arguments into the one set of states. Every state
/// sees every row in the serial order: the answers are those of a serial run, to the bit.
/// Morsels whose groups recur little (more than one group per <see cref="RowsPerGroupWorthMerging"/>
/// rows: h2o's id3) would cost the consumer as much to map as to group; once one morsel shows that,
/// the later ones keep their key vectors and the consumer groups their rows itself, as a serial run does
/// (with the stored text codes' shortcut for dictionary-like keys).
/// Aggregates that merge exactly beside them (a REAL sum next to a COUNT(DISTINCT)) are
/// folded by the workers into a partial state per morsel instead (while the workers group the rows),
/// which the consumer merges in morsel order as <see cref="MergedPartials"/> does: it folds only the
/// arguments of the others.
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>Morsel tables of at most this many groups have each chunk's rows put in runs of one group (see <see cref="InGroupRuns"/>).</summary>
    private const int GroupRunsUpTo = 64;

    /// <summary>Group ids of rows of an ungrouped aggregation: all 0.</summary>
    private static readonly int[] SingleGroupIds = new int[Chunk.Capacity];

    /// <summary>Whether the keys and every aggregate's argument can be evaluated on worker threads.</summary>
    private bool FoldsInOrder =>
        keys.All(k => k.IsParallelSafe)
        && aggregates.All(a => (a.Argument?.IsParallelSafe ?? true) && (a.Key?.IsParallelSafe ?? true));

    private (ColumnVector[] Columns, int Count) OrderedFold(MorselSource source, QueryBuffers? buffers, CancellationToken ct)
    {
        if (FoldsInGroupShares)
        {
            return SharedFold(source, buffers, ct);
        }

        var merged = Start(partial: false, buffers);
        if (keys.Count == 0)
        {
            merged.Table.EnsureSingleGroup();
        }

        var map = Array.Empty<int>();
        var grouping = new LocalGrouping { Pays = keys.Count > 0 };
        try
        {
            // Morsels evaluated but never folded (the fold failed or reruns serially) give back what they counted.
            var morsels = OrderedMorsels.Run(source.Count, parallelism, (m, token) => Evaluate(m, source.Execute(m, token), grouping), ct, discard: m => memory?.Release(m.Bytes));
            foreach (var morsel in morsels)
            {
                try
                {
                    var groupCount = morsel.Table?.Count ?? 1;
                    if (morsel.Table is { Count: > 0 } local)
                    {
                        if (map.Length < local.Count)
                        {
                            map = new int[Math.Max(local.Count, map.Length * 2)];
                        }

                        var before = merged.Table.Count;
                        merged.Table.Assign(local.KeyColumns(), Chunk.AllRows(local.Count), map.AsSpan(0, local.Count));
                        merged.Reserve(before, memory);
                    }

                    if (morsel.Partials is { } partials)
                    {
                        // Ungrouped: the partial's one group is the one group.
                        var into = morsel.Table is null ? SingleGroupIds.AsSpan(0, 1) : map.AsSpan(0, groupCount);
                        for (var a = 0; a < partials.Length; a++)
                        {
                            if (partials[a] is { } partial)
                            {
                                merged.States[a].Merge(partial, Chunk.AllRows(groupCount), into, merged.Table.Count);
                            }
                        }
                    }

                    foreach (var chunk in morsel.Chunks)
                    {
                        FoldEvaluated(merged, chunk, morsel.Table is null ? default : map);
                    }
                }
                finally
                {
                    memory?.Release(morsel.Bytes);
                }
            }

            // Inside the try: a merged REAL sum that the partials cannot decide fails as its result is built.
            return Output(merged);
        }
        catch (PartialsNotMergeableException)
        {
            // Integer sums near 2^63 across morsels (where a running sum overflows, SUM fails and TOTAL and AVG go on in
            // floating point from that row), or REAL sums on a rounding boundary: only a serial run tells.
            merged.Free(memory);
            return Output(Fold(Start(partial: false, buffers), input.Execute(ct)));
        }
    }

    /// <summary>
    /// Folds one evaluated chunk into the states: its rows' group ids are its morsel's, turned into the
    /// table's through <paramref name="map"/>; or, without a map, the table's from its kept key vectors (none: ungrouped).
    /// Aggregates the worker folded into its morsel's partial states have been merged already.
    /// </summary>
    private void FoldEvaluated(Aggregation merged, EvaluatedChunk chunk, ReadOnlySpan<int> map)
    {
        var rows = chunk.Rows.AsSpan(0, chunk.RowCount);
        var groups = chunk.Groups.AsSpan(0, rows.Length);
        var before = merged.Table.Count;
        if (!map.IsEmpty)
        {
            for (var k = 0; k < groups.Length; k++)
            {
                groups[k] = map[groups[k]];
            }
        }
        else if (chunk.KeyVectors is { } keyVectors)
        {
            merged.Table.Assign(keyVectors, rows, groups);
        }

        for (var a = 0; a < merged.States.Length; a++)
        {
            if (chunk.FoldedByWorker?[a] == true)
            {
                continue;
            }

            if (chunk.GroupRuns)
            {
                merged.States[a].UpdateRuns(chunk.Arguments[a], chunk.Keys[a], rows, groups, merged.Table.Count);
            }
            else
            {
                merged.States[a].Update(chunk.Arguments[a], chunk.Keys[a], rows, groups, merged.Table.Count);
            }
        }

        // The groups the chunk's keys created, and what its rows added to DISTINCT sets and group_concat's texts.
        merged.Reserve(before, memory);

        if (keys.Count > 0)
        {
            ArrayPool<int>.Shared.Return(chunk.Groups);
        }

        if (chunk.GroupRuns)
        {
            ArrayPool<int>.Shared.Return(chunk.Rows);
        }
    }

    /// <summary>
    /// On a worker: one morsel's chunks with their keys' group ids in a table of the morsel's own and
    /// their aggregate arguments evaluated, in the order a serial run evaluates them (so the first
    /// error is the serial one). The vectors are kept as they are: operators hand on fresh vectors
    /// with each chunk, and pooled ones are given back by the state that consumes them. With
    /// <see cref="LocalGrouping.Tables"/>, the rows take ids in a worker table that lasts across morsels instead.
    /// </summary>
    private EvaluatedMorsel Evaluate(int morsel, IEnumerable<Chunk> chunks, LocalGrouping grouping)
    {
        var pays = grouping.Pays;
        var worker = pays ? grouping.Tables?.Rent(morsel) : null;

        // Filled on a worker thread, which may still run after the consumer has left: nothing rented from the statement's buffers.
        var table = worker?.Groups ?? (pays ? GroupTable.Create(_tableKinds, specialised) : null);
        var first = table?.Count ?? 0;
        var evaluated = new List<EvaluatedChunk>();

        // A worker table's groups outnumber a morsel's: the shares fold every aggregate from the arguments.
        var partials = worker is null && (table is not null || keys.Count == 0) ? PartialsOfExactAggregates() : null;
        var handedOver = new bool[aggregates.Count];
        NewGroups? newGroups = null;
        var groupCount = keys.Count == 0 ? 1 : 0;
        long bytes = 0;
        long totalRows = 0;
        try
        {
            foreach (var chunk in chunks)
            {
                var rows = chunk.RowCount;
                if (rows == 0)
                {
                    continue;
                }

                totalRows += rows;
                int[] groups;
                var selection = chunk.Selection;
                var groupRuns = false;
                ColumnVector[]? keyVectors = null;
                if (keys.Count == 0)
                {
                    groups = rows <= SingleGroupIds.Length ? SingleGroupIds : new int[rows];
                }
                else
                {
                    groups = ArrayPool<int>.Shared.Rent(rows);
                    keyVectors = new ColumnVector[keys.Count];
                    EvaluateKeys(chunk, keyVectors);
                    if (table is not null)
                    {
                        table.Assign(keyVectors, chunk.Selection, groups.AsSpan(0, rows));
                        groupCount = table.Count;
                        ReturnCodes(keyVectors);
                        keyVectors = null;
                        if (table.Count is > 1 and <= GroupRunsUpTo)
                        {
                            selection = InGroupRuns(chunk.Selection, groups.AsSpan(0, rows), table.Count);
                            groupRuns = true;
                        }
                    }
                }

                var arguments = new ColumnVector?[aggregates.Count];
                var aggregateKeys = new ColumnVector?[aggregates.Count];
                var foldedByWorker = partials is null ? null : new bool[aggregates.Count];
                var folded = 0;
                for (var a = 0; a < aggregates.Count; a++)
                {
                    var argument = aggregates[a].Argument?.Evaluate(chunk);
                    var key = aggregates[a].Key?.Evaluate(chunk);
                    if (partials?[a] is { } partial && !handedOver[a])
                    {
                        if (FoldOnWorker(partial, argument, key, selection.AsSpan(0, rows), groups.AsSpan(0, rows), groupCount, groupRuns))
                        {
                            foldedByWorker![a] = true;
                            folded++;
                            continue;
                        }

                        // Sums that might come near overflow: the consumer folds the rest of the morsel's rows, after its state.
                        handedOver[a] = true;
                    }

                    (arguments[a], aggregateKeys[a]) = (argument, key);
                }

                // A group id and about a number per aggregate (and per key the consumer groups by) for each row the
                // consumer has still to fold, and the rows put in runs; texts computed into new strings by their length.
                var chunkBytes = rows * (4L + (8L * (aggregates.Count - folded + (keyVectors?.Length ?? 0))) + (groupRuns ? 4L : 0L))
                    + (memory is { Counts: true } ? QueryMemory.ComputedTextBytes([.. arguments, .. aggregateKeys, .. keyVectors ?? []], selection.AsSpan(0, rows)) : 0);
                // Added first: Reserve counts the bytes before it throws past the limit, and the catch gives back what bytes holds.
                bytes += chunkBytes;
                memory?.Reserve(chunkBytes);
                evaluated.Add(new EvaluatedChunk(selection, rows, groups, groupRuns, keyVectors, arguments, aggregateKeys, foldedByWorker));
            }

            // A worker table's first morsel makes all its groups: it pays while its later morsels bring few new ones.
            if (table is not null && (worker is null || worker.Rows > 0) && (table.Count - first) * (long)RowsPerGroupWorthMerging > totalRows)
            {
                grouping.Pays = false;
            }

            // The morsel's own table (with its text keys) and the partial states its worker folded (a number a group
            // and what they hold) wait with its chunks until the consumer maps its groups; a worker table's new groups hand on their keys.
            var tableBytes = (table is null ? 0 : (table.Count - first) * (worker is null ? table.BytesPerGroup : 8L * keys.Count))
                + (memory is { Counts: true } && worker is null ? (table?.HeldKeyBytes ?? 0) + (partials?.Sum(p => p is null ? 0 : (24L * groupCount) + p.HeldBytes) ?? 0) : 0);
            bytes += tableBytes;
            memory?.Reserve(tableBytes);
            if (worker is not null)
            {
                newGroups = HandOver(worker, first, totalRows, grouping.Tables!);
            }

            foreach (var sum in partials?.OfType<SumState>() ?? [])
            {
                sum.EnsureGroups(groupCount);
            }
        }
        catch
        {
            memory?.Release(bytes);
            throw;
        }

        return new EvaluatedMorsel(worker is null ? table : null, evaluated, totalRows > 0 ? partials : null, bytes, newGroups);
    }

    /// <summary>
    /// The groups a morsel added to its worker table, their keys taken on the worker (the consumer never reads a table
    /// a worker may be filling); what the table grew by is counted, and it goes back to be rented again.
    /// </summary>
    private NewGroups HandOver(WorkerTable worker, int first, long rows, WorkerTables tables)
    {
        var table = worker.Groups;
        var held = memory is { Counts: true } ? table.HeldKeyBytes : 0;
        tables.Reserve(worker, ((table.Count - first) * table.BytesPerGroup) + held - worker.HeldKeyBytes);
        worker.HeldKeyBytes = held;
        worker.Rows += rows;
        var added = new NewGroups(worker, first, table.Count - first, table.KeyColumnsFrom(first));
        tables.Return(worker);
        return added;
    }

    /// <summary>
    /// Folds a chunk into a worker's partial state; false, leaving the state and the vectors as they
    /// were, for an INTEGER sum whose bound would grow too large (<see cref="SumState.TryUpdateBounded"/>).
    /// </summary>
    private static bool FoldOnWorker(AggregateState partial, ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount, bool groupRuns)
    {
        if (partial is SumState sum)
        {
            return sum.TryUpdateBounded(argument!, rows, groups, groupCount);
        }

        if (groupRuns)
        {
            partial.UpdateRuns(argument, key, rows, groups, groupCount);
        }
        else
        {
            partial.Update(argument, key, rows, groups, groupCount);
        }

        return true;
    }

    /// <summary>
    /// A morsel's partial state for each aggregate that merges exactly (null for the others, left to the
    /// consumer); null when none does. Allocated, not rented: a worker may still fill them after the consumer has left.
    /// The states are the serial ones (integer sums too: their bounds clear the merge of overflow,
    /// <see cref="SumState.Merge"/>, more cheaply than the exact prefix sums of <see cref="IntegerSumPartial"/>),
    /// except for REAL sums (<see cref="RealSumPartial"/>).
    /// </summary>
    private AggregateState?[]? PartialsOfExactAggregates()
    {
        if (!aggregates.Any(a => a.MergesExactly))
        {
            return null;
        }

        return [.. aggregates.Select(a => !a.MergesExactly ? null : !a.SumsReals ? a.CreateState(specialised) : a.CreatePartialState())];
    }

    /// <summary>
    /// The rows in runs of one group, in group order, each group's rows in their order (a stable
    /// counting sort); <paramref name="groups"/> becomes the runs' ids. Each state still sees each
    /// group's rows in the serial order, and the consumer's loops that carry a group's running sum
    /// (<see cref="AggregateState.UpdateRuns"/>) keep it in registers for a run instead of waiting on
    /// the store of the row before: few groups (TPC-H Q1's four) take turns row by row.
    /// </summary>
    private static int[] InGroupRuns(int[] rows, Span<int> groups, int groupCount)
    {
        Span<int> ends = stackalloc int[GroupRunsUpTo + 1];
        ends = ends[..(groupCount + 1)];
        ends.Clear();
        foreach (var g in groups)
        {
            ends[g + 1]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            ends[g + 1] += ends[g];
        }

        // Given back by the consumer once folded (FoldEvaluated).
        var sorted = ArrayPool<int>.Shared.Rent(groups.Length);
        for (var k = 0; k < groups.Length; k++)
        {
            sorted[ends[groups[k]]++] = rows[k];
        }

        // ends[g] is now where group g's run ends (and g + 1's begins).
        var begin = 0;
        for (var g = 0; g < groupCount; g++)
        {
            groups[begin..ends[g]].Fill(g);
            begin = ends[g];
        }

        return sorted;
    }

    /// <summary>
    /// A chunk's selected rows (in runs of one group when <see cref="GroupRuns"/>), their group ids (from the morsel's
    /// table while on the worker, or to be given by the consumer from <see cref="KeyVectors"/>) and its evaluated aggregate arguments and keys
    /// (none for the aggregates <see cref="FoldedByWorker"/> into the morsel's partial states).
    /// </summary>
    private sealed record EvaluatedChunk(int[] Rows, int RowCount, int[] Groups, bool GroupRuns, ColumnVector[]? KeyVectors, ColumnVector?[] Arguments, ColumnVector?[] Keys, bool[]? FoldedByWorker);

    /// <summary>
    /// A morsel's evaluated chunks, its table of groups (null: ungrouped, grouped in a worker table, or grouped by the consumer), the partial
    /// states of its exactly merging aggregates (null: none, or all left to the consumer), the bytes counted for them against the query's memory,
    /// and the groups it added to its worker table (null: none was used; its chunks' group ids are then that table's).
    /// </summary>
    private sealed record EvaluatedMorsel(GroupTable? Table, List<EvaluatedChunk> Chunks, AggregateState?[]? Partials, long Bytes, NewGroups? WorkerGroups = null);

    /// <summary>Whether workers still group their morsels' rows themselves, and in which tables; shared by the workers of one run.</summary>
    private sealed class LocalGrouping
    {
        private volatile bool _pays;

        /// <summary>Tables that last across morsels (<see cref="SharedFold"/>), or null: a table per morsel.</summary>
        public WorkerTables? Tables { get; init; }

        public bool Pays
        {
            get => _pays;
            set => _pays = value;
        }
    }
}
