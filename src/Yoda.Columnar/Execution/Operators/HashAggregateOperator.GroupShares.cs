using System.Numerics;
using System.Runtime.ExceptionServices;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The ordered fold with the folding itself in parallel: the order of the additions matters only
/// within a group, so the groups are dealt out to <see cref="GroupShares"/> shares (group g to share
/// g mod shares, as its g / shares-th group) and each share folds its groups' rows of every morsel,
/// morsel by morsel in order, into states of its own. The workers group the rows in tables that last
/// across their morsels (<see cref="WorkerTables"/>), and the consumer only maps the groups new to
/// those into the one table (or groups the rows itself where the workers' grouping does not pay); every
/// group's state still sees that group's rows in the serial order, so the
/// answers are a serial run's to the bit. Taken for counts and for SUM/TOTAL/AVG of INTEGER or REAL
/// arguments (states whose result for a group depends on that group's rows alone and which read
/// their argument vectors without changing them).
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>At most this many shares: each reads every row's group id to find its own.</summary>
    private const int MaxGroupShares = 8;

    /// <summary>Whether every aggregate can be folded by group shares (<see cref="SharedFold"/>).</summary>
    private bool FoldsInGroupShares =>
        keys.Count > 0
        && aggregates.All(a => !a.Distinct && a.Function switch
        {
            AggregateFunction.CountStar or AggregateFunction.Count => true,
            AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg => a.Argument!.Kind is ValueKind.Integer or ValueKind.Real,
            _ => false,
        });

    /// <summary>The largest power of two up to <see cref="parallelism"/> (and <see cref="MaxGroupShares"/>), so that a group's share and its place there are a mask and a shift.</summary>
    private int GroupShareCount => 1 << BitOperations.Log2((uint)Math.Min(parallelism, MaxGroupShares));

    /// <summary>
    /// Whether the workers group the rows (in <see cref="WorkerTables"/>): for numeric keys. The consumer groups text keys
    /// itself from the first morsel, reading a stored column's text codes, where each worker table would build a text
    /// dictionary of its own and hand the consumer every text to hash again (h2o-q3: session 22's measure).
    /// </summary>
    private bool GroupsOnWorkers => _tableKinds.All(k => k is ValueKind.Integer or ValueKind.Real);

    private (ColumnVector[] Columns, int Count) SharedFold(MorselSource source, QueryBuffers? buffers, CancellationToken ct)
    {
        var merged = Start(partial: false, buffers);
        var grouping = new LocalGrouping { Pays = GroupsOnWorkers, Tables = new WorkerTables(lease => GroupTable.Create(_tableKinds, specialised, lease), memory, buffers) };
        var shares = new GroupShares(this, GroupShareCount, window: 2 * parallelism, buffers, ct);
        ExceptionDispatchInfo? failure = null;
        try
        {
            foreach (var morsel in OrderedMorsels.Run(source.Count, parallelism, (m, token) => Evaluate(m, source.Execute(m, token), grouping), ct, discard: m => memory?.Release(m.Bytes)))
            {
                var handedOver = false;
                try
                {
                    foreach (var chunk in morsel.Chunks)
                    {
                        foreach (var argument in chunk.Arguments)
                        {
                            argument?.Share();
                        }
                    }

                    MapGroups(merged, morsel);
                    shares.Add(new SharedMorsel(morsel, merged.Table.Count));
                    handedOver = true;
                }
                finally
                {
                    if (!handedOver)
                    {
                        ReturnToPools(morsel);
                    }
                }
            }
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        // An error of a share is one of an earlier morsel than the consumer's (it folds only what was handed over).
        // No partial state is merged here (the shares fold every row in order): nothing to rerun serially.
        shares.Finish(stop: failure is not null);
        grouping.Tables.Close();
        ct.ThrowIfCancellationRequested();
        shares.Error?.Throw();
        failure?.Throw();

        var count = merged.Table.Count;
        ColumnVector[] columns = [.. KeyColumnsOf(merged.Table), .. aggregates.Select((_, a) => shares.Result(a, count))];
        merged.Free(memory);
        return (columns, count);
    }

    /// <summary>
    /// Gives the morsel's rows their groups' ids in the one table, in the chunks' group ids: their worker table's
    /// ids mapped, or (grouped by the consumer) the table's ids of their kept key vectors.
    /// </summary>
    private void MapGroups(Aggregation merged, EvaluatedMorsel morsel)
    {
        if (morsel.WorkerGroups is { } added)
        {
            var map = MapNewGroups(merged, added, memory);
            foreach (var chunk in morsel.Chunks)
            {
                var groups = chunk.Groups.AsSpan(0, chunk.RowCount);
                for (var k = 0; k < groups.Length; k++)
                {
                    groups[k] = map[groups[k]];
                }
            }

            return;
        }

        foreach (var chunk in morsel.Chunks)
        {
            var before = merged.Table.Count;
            merged.Table.Assign(chunk.KeyVectors!, chunk.Rows.AsSpan(0, chunk.RowCount), chunk.Groups.AsSpan(0, chunk.RowCount));
            merged.Reserve(before, memory);
        }
    }

    /// <summary>
    /// Maps the groups a morsel added to its worker table (the table's earlier groups are mapped: its earlier morsels
    /// came first).
    /// </summary>
    private static ReadOnlySpan<int> MapNewGroups(Aggregation merged, NewGroups added, QueryMemory? memory)
    {
        var worker = added.Table;
        if (added.First != worker.Mapped)
        {
            throw new InvalidOperationException($"A worker table's groups from {added.First} on came before those from {worker.Mapped}.");
        }

        var end = added.First + added.Count;
        if (worker.Map.Length < end)
        {
            var map = new int[Math.Max(end, worker.Map.Length * 2)];
            worker.Map.AsSpan(0, worker.Mapped).CopyTo(map);
            worker.Map = map;
        }

        var before = merged.Table.Count;
        merged.Table.Assign(added.Keys, Chunk.AllRows(added.Count), worker.Map.AsSpan(added.First, added.Count));
        merged.Reserve(before, memory);
        worker.Mapped = end;
        return worker.Map.AsSpan(0, end);
    }

    /// <summary>
    /// A share's states, rented from the operator's <paramref name="buffers"/> although thread-pool threads fill them:
    /// <see cref="GroupShares.Finish"/> returns only once no share folds any more, and <see cref="SharedFold"/> calls it
    /// before it leaves, also after an error or cancellation (h2o-q10: a fifth of its CPU went to growing fresh arrays).
    /// </summary>
    private AggregateState[] ShareStates(QueryBuffers? buffers) => [.. aggregates.Select(a => a.CreateState(specialised, buffers))];

    /// <summary>What a morsel holds once every share has folded it (or it was never handed over): its arrays and its counted bytes.</summary>
    private void ReturnToPools(EvaluatedMorsel morsel)
    {
        foreach (var chunk in morsel.Chunks)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(chunk.Groups);
            if (chunk.GroupRuns)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(chunk.Rows);
            }

            foreach (var argument in chunk.Arguments)
            {
                argument?.ReturnShared();
            }
        }

        memory?.Release(morsel.Bytes);
    }

    /// <summary>A morsel handed to the shares: its evaluated chunks (their rows' group ids the table's) and the table's group count after it.</summary>
    private sealed class SharedMorsel(EvaluatedMorsel morsel, int groupCount)
    {
        private int _sharesLeft;

        public EvaluatedMorsel Morsel { get; } = morsel;

        public int GroupCount { get; } = groupCount;

        public void Start(int shares) => _sharesLeft = shares;

        /// <summary>True for the last share to be done with the morsel.</summary>
        public bool Done() => Interlocked.Decrement(ref _sharesLeft) == 0;
    }
}
