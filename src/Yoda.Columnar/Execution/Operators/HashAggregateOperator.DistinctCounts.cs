using System.Runtime.CompilerServices;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// COUNT(DISTINCT …) of INTEGERs or REALs in parallel, when every aggregate is one. A count of
/// distinct values does not depend on the order the values come in, so it needs none of the ordered
/// fold's serial consumer: the workers run each morsel's pipeline, give its rows the group ids of a
/// table of the morsel's own and split the morsel's distinct non-NULL (group, value) pairs by hash into partitions
/// (<see cref="PartitionedPairs"/>); the consumer maps the morsels' groups into the one table in morsel
/// order (first-seen order, as a serial run). Then each partition's set of distinct pairs is built on
/// its own thread (equal pairs never fall into different partitions) and counts its new pairs per
/// group; a group's count is the sum of the partitions' counts. The answers are exact at every degree.
/// Values are equal as <see cref="DistinctState"/> has them equal (REALs by their equality classes;
/// an INTEGER-kind argument holds no REALs, so 1 and 1.0 never meet here).
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>Pairs a partition folds before it counts its set's growth against the query's memory.</summary>
    private const int PairsPerReservation = 1 << 16;

    /// <summary>Whether every aggregate is a COUNT(DISTINCT …) of an INTEGER or REAL argument, and the keys and arguments can be evaluated on workers.</summary>
    private bool CountsDistinctByPartition =>
        specialised
        && FoldsInOrder
        && aggregates.Count > 0
        && aggregates.All(a => a is { Function: AggregateFunction.Count, Distinct: true, Key: null, Argument.Kind: ValueKind.Integer or ValueKind.Real });

    private (ColumnVector[] Columns, int Count) DistinctCountsByPartition(MorselSource source, QueryBuffers? buffers, CancellationToken ct)
    {
        var merged = new Aggregation(
            GroupTable.Create(keys.Select(k => k.Kind).ToArray(), specialised, buffers),
            [.. aggregates.Select(_ => (AggregateState)new CountState(buffers))]);
        if (keys.Count == 0)
        {
            merged.Table.EnsureSingleGroup();
        }

        var morsels = new List<ScatteredMorsel>(source.Count);
        // Added to by the partitions' threads too.
        var reserved = new StrongBox<long>();
        try
        {
            foreach (var morsel in OrderedMorsels.Run(source.Count, parallelism, (m, token) => Scatter(source.Execute(m, token)), ct))
            {
                var bytes = morsel.Pairs.Sum(p => p.Bytes);
                reserved.Value += bytes;
                memory?.Reserve(bytes);
                if (morsel.Table is { Count: > 0 } local)
                {
                    var before = merged.Table.Count;
                    var map = new int[local.Count];
                    merged.Table.Assign(local.KeyColumns(), Chunk.AllRows(local.Count), map);
                    merged.Reserve(before, memory);
                    morsels.Add(morsel with { Map = map });
                }
                else
                {
                    morsels.Add(morsel);
                }
            }

            var groupCount = merged.Table.Count;
            var partitionCounts = OrderedMorsels.Run(
                PartitionedPairs.Partitions,
                parallelism,
                (p, token) => CountPartition(morsels, p, groupCount, reserved, token),
                ct);
            var groups = Chunk.AllRows(groupCount);
            foreach (var counts in partitionCounts)
            {
                for (var a = 0; a < counts.Length; a++)
                {
                    merged.States[a].Merge(counts[a], groups, groups, groupCount);
                }
            }

            return Output(merged);
        }
        catch
        {
            merged.Free(memory);
            throw;
        }
        finally
        {
            memory?.Release(Interlocked.Read(ref reserved.Value));
        }
    }

    /// <summary>
    /// On a worker: one morsel's rows grouped by a table of its own (none when ungrouped) and each
    /// aggregate's non-NULL pairs split into partitions, its keys and arguments evaluated in the order
    /// a serial run evaluates them (so the first error is the serial one).
    /// </summary>
    private ScatteredMorsel Scatter(IEnumerable<Chunk> chunks)
    {
        // Filled on a worker thread, which may still run after the consumer has left: nothing rented from the statement's buffers.
        var table = keys.Count > 0 ? GroupTable.Create(keys.Select(k => k.Kind).ToArray(), specialised) : null;
        var pairs = aggregates.Select(_ => new PartitionedPairs(grouped: table is not null)).ToArray();
        var groups = table is null ? [] : new int[Chunk.Capacity];
        foreach (var chunk in chunks)
        {
            var rows = chunk.RowCount;
            if (rows == 0)
            {
                continue;
            }

            if (table is not null)
            {
                if (groups.Length < rows)
                {
                    groups = new int[rows];
                }

                table.Assign([.. keys.Select(k => k.Evaluate(chunk))], chunk.Selection, groups.AsSpan(0, rows));
            }

            for (var a = 0; a < aggregates.Count; a++)
            {
                var argument = aggregates[a].Argument!.Evaluate(chunk);
                pairs[a].Add(argument, chunk.Selection, table is null ? default : groups.AsSpan(0, rows));
                argument.ReturnToPool();
            }
        }

        foreach (var part in pairs)
        {
            part.Complete();
        }

        return new ScatteredMorsel(table, pairs, null);
    }

    /// <summary>
    /// Partition <paramref name="partition"/> of every morsel's pairs folded into one set per aggregate:
    /// the count of the pairs new to it, per group of the one table. Its set's bytes are counted
    /// against the query's memory as it grows (added to <paramref name="reserved"/>, given back at the end).
    /// </summary>
    private CountState[] CountPartition(List<ScatteredMorsel> morsels, int partition, int groupCount, StrongBox<long> reserved, CancellationToken ct)
    {
        var counts = new CountState[aggregates.Count];
        var newGroups = new int[Chunk.Capacity];
        for (var a = 0; a < counts.Length; a++)
        {
            counts[a] = new CountState();
            var set = new GroupIntegerSet();
            long setBytes = 0;
            var sinceReservation = 0;
            var fresh = 0;
            foreach (var morsel in morsels)
            {
                ct.ThrowIfCancellationRequested();
                var values = morsel.Pairs[a].Values(partition);
                var groups = morsel.Pairs[a].Groups(partition);
                var map = morsel.Map;
                for (var k = 0; k < values.Length; k++)
                {
                    var group = map is null ? 0 : map[groups[k]];
                    if (!set.Add(group, values[k]))
                    {
                        continue;
                    }

                    newGroups[fresh++] = group;
                    if (fresh == newGroups.Length)
                    {
                        counts[a].Update(null, null, newGroups, newGroups, groupCount);
                        fresh = 0;
                    }
                }

                sinceReservation += values.Length;
                if (sinceReservation >= PairsPerReservation && memory is { Counts: true })
                {
                    sinceReservation = 0;
                    Interlocked.Add(ref reserved.Value, set.Bytes - setBytes);
                    memory.Reserve(set.Bytes - setBytes);
                    setBytes = set.Bytes;
                }
            }

            counts[a].Update(null, null, newGroups.AsSpan(0, fresh), newGroups.AsSpan(0, fresh), groupCount);
            fresh = 0;
            if (memory is { Counts: true })
            {
                Interlocked.Add(ref reserved.Value, set.Bytes - setBytes);
                memory.Reserve(set.Bytes - setBytes);
            }
        }

        return counts;
    }

    /// <summary>
    /// A morsel's table of groups (null: ungrouped), each aggregate's pairs (their groups the table's)
    /// and, set by the consumer, where each of the table's groups is in the one table.
    /// </summary>
    private sealed record ScatteredMorsel(GroupTable? Table, PartitionedPairs[] Pairs, int[]? Map);
}
