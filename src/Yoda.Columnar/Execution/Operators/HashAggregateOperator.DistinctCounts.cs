using System.Runtime.CompilerServices;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// COUNT(DISTINCT …) of INTEGERs or REALs in parallel, when every aggregate is one. A count of
/// distinct values does not depend on the order the values come in, so it needs none of the ordered
/// fold's serial consumer: the workers run each morsel's pipeline, give its rows the group ids of a
/// table of the morsel's own and split the non-NULL (group, value) pairs by a hash of the value into
/// partitions (<see cref="PartitionedPairs"/>); the consumer maps the morsels' groups into the one
/// table in morsel order (first-seen order, as a serial run). Every <see cref="PairsPerWave"/> pairs
/// (bounding what is held besides the sets), each partition's pairs are added to that partition's
/// set of distinct pairs, the partitions on as many threads (equal pairs never fall into different
/// partitions), each counting its new pairs per group; a group's count is the sum of the partitions'
/// counts. A partition's set is a small fraction of the one set a serial run builds, so it probes
/// within the caches. The answers are exact at every degree. Values are equal as
/// <see cref="DistinctState"/> has them equal (REALs by their equality classes; an INTEGER-kind
/// argument holds no REALs, so 1 and 1.0 never meet here).
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>Pairs held before they are added to the partitions' sets.</summary>
    private const long PairsPerWave = 1 << 18;

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

        var partitions = Enumerable.Range(0, PartitionedPairs.Partitions).Select(_ => new DistinctPartition(aggregates.Count)).ToArray();
        var wave = new List<ScatteredMorsel>();
        long wavePairs = 0;
        long waveBytes = 0;
        // Added to by the partitions' threads too.
        var reserved = new StrongBox<long>();
        try
        {
            foreach (var morsel in OrderedMorsels.Run(source.Count, parallelism, (m, token) => Scatter(source.Execute(m, token)), ct))
            {
                var bytes = morsel.Pairs.Sum(p => p.Bytes);
                waveBytes += bytes;
                Interlocked.Add(ref reserved.Value, bytes);
                memory?.Reserve(bytes);
                if (morsel.Table is { Count: > 0 } local)
                {
                    var before = merged.Table.Count;
                    var map = new int[local.Count];
                    merged.Table.Assign(local.KeyColumns(), Chunk.AllRows(local.Count), map);
                    merged.Reserve(before, memory);
                    wave.Add(morsel with { Map = map });
                }
                else
                {
                    wave.Add(morsel);
                }

                wavePairs += morsel.Pairs.Sum(p => (long)p.Count);
                if (wavePairs >= PairsPerWave)
                {
                    AddWave(wave, partitions, merged.Table.Count, reserved, ct);
                    Release(waveBytes);
                    (wavePairs, waveBytes) = (0, 0);
                }
            }

            var groupCount = merged.Table.Count;
            AddWave(wave, partitions, groupCount, reserved, ct);
            var groups = Chunk.AllRows(groupCount);
            foreach (var partition in partitions)
            {
                for (var a = 0; a < aggregates.Count; a++)
                {
                    // Grown to the groups of every wave.
                    partition.Counts[a].Update(null, null, default, default, groupCount);
                    merged.States[a].Merge(partition.Counts[a], groups, groups, groupCount);
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

        // The wave's pairs are done with: what was counted for them is given back.
        void Release(long bytes)
        {
            Interlocked.Add(ref reserved.Value, -bytes);
            memory?.Release(bytes);
        }
    }

    /// <summary>Adds the wave's pairs to the partitions' sets, a partition per thread, and empties the wave.</summary>
    private void AddWave(List<ScatteredMorsel> wave, DistinctPartition[] partitions, int groupCount, StrongBox<long> reserved, CancellationToken ct)
    {
        if (wave.Count == 0)
        {
            return;
        }

        foreach (var _ in OrderedMorsels.Run(partitions.Length, parallelism, (p, token) => partitions[p].Add(wave, p, groupCount, memory, reserved, token), ct))
        {
        }

        wave.Clear();
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
    /// A morsel's table of groups (null: ungrouped), each aggregate's pairs (their groups the table's)
    /// and, set by the consumer, where each of the table's groups is in the one table.
    /// </summary>
    private sealed record ScatteredMorsel(GroupTable? Table, PartitionedPairs[] Pairs, int[]? Map);

    /// <summary>
    /// One partition of the pairs: per aggregate, the set of the distinct (group, value) pairs met so
    /// far, and how many of them each group has.
    /// </summary>
    private sealed class DistinctPartition(int aggregateCount)
    {
        private readonly GroupIntegerSet[] _sets = [.. Enumerable.Range(0, aggregateCount).Select(_ => new GroupIntegerSet())];
        private readonly long[] _setBytes = new long[aggregateCount];
        private int[] _newGroups = new int[Chunk.Capacity];

        public CountState[] Counts { get; } = [.. Enumerable.Range(0, aggregateCount).Select(_ => new CountState())];

        /// <summary>
        /// Adds this partition's pairs of the wave's morsels, their groups mapped into the one table's
        /// (of <paramref name="groupCount"/> groups); the sets' growth is counted against the query's
        /// memory (and added to <paramref name="reserved"/>, given back at the end). Returns whether it did (for <see cref="OrderedMorsels"/>).
        /// </summary>
        public bool Add(List<ScatteredMorsel> wave, int partition, int groupCount, QueryMemory? memory, StrongBox<long> reserved, CancellationToken ct)
        {
            for (var a = 0; a < _sets.Length; a++)
            {
                var set = _sets[a];
                var fresh = 0;
                foreach (var morsel in wave)
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

                        _newGroups[fresh++] = group;
                        if (fresh == _newGroups.Length)
                        {
                            Counts[a].Update(null, null, _newGroups, _newGroups, groupCount);
                            fresh = 0;
                        }
                    }
                }

                Counts[a].Update(null, null, _newGroups.AsSpan(0, fresh), _newGroups.AsSpan(0, fresh), groupCount);
                var grown = set.Bytes - _setBytes[a];
                _setBytes[a] = set.Bytes;
                Interlocked.Add(ref reserved.Value, grown);
                memory?.Reserve(grown);
            }

            return true;
        }
    }
}
