using System.Numerics;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Radix-partitioned merging of partial aggregations (as DuckDB's partitioned hash aggregate): each
/// partial's groups are split by the top bits of a hash of their keys, and each partition merges its
/// share of every partial, in morsel order, on its own thread, into a table a fraction of the size of
/// the whole (which stays in cache). The result rows are then put back in first-seen order: a group
/// is new in the partition exactly where it is new in a serial run, so walking the partials in order
/// and taking each group where it is new gives the serial order, whatever the thread count.
/// </summary>
public sealed partial class HashAggregateOperator
{
    /// <summary>The partitioned merge needs the morsels to promise at least this many groups in all.</summary>
    private const int PartitionedFromGroups = 1 << 15;

    /// <summary>
    /// The partitioned merge needs a first morsel of fewer rows per group than this: with more, the
    /// groups recur across morsels and folding the rest into one table that stays in cache costs
    /// less than merging every partial again (h2o-q3/q7, tpch-q18's subquery: 4–7 rows per group
    /// measured about twice the CPU time partitioned).
    /// </summary>
    private const int RowsPerGroupPartitioned = 2;

    /// <summary>Partitions every grouped aggregation whose partials merge (for tests: the partitioned path on small inputs).</summary>
    internal bool AlwaysPartitioned { get; init; }

    /// <summary>Whether the partials of a grouped aggregation whose first morsel gave <paramref name="first"/> are merged partitioned.</summary>
    private bool Partitions(Aggregation first, int morsels) =>
        keys.Count > 0
        && GroupPartitions.Supports(_tableKinds)
        && (AlwaysPartitioned
            || (first.Table.Count * (long)RowsPerGroupPartitioned > first.Rows && first.Table.Count * (long)morsels >= PartitionedFromGroups));

    /// <summary>About as many groups per partition as fit a core's cache with their states.</summary>
    private const int GroupsPerPartition = 1 << 14;

    private const int MinPartitionBits = 2;

    private const int MaxPartitionBits = 8;

    private (ColumnVector[] Columns, int Count) MergedByPartition(List<Aggregation> partials, long groups, CancellationToken ct)
    {
        var bits = Math.Clamp(BitOperations.Log2((ulong)Math.Max(1, groups / GroupsPerPartition)), MinPartitionBits, MaxPartitionBits);

        // The splits and the partitions' result columns count until the result is interleaved; those a worker
        // finishes after the consumer left (an error, cancellation) are given back as they are discarded.
        var counted = 0L;
        var partitions = new List<(ColumnVector[] Columns, int Count)>(1 << bits);
        var merged = new List<Aggregation>(1 << bits);
        try
        {
            var split = new List<SplitGroups>(partials.Count);
            foreach (var part in OrderedMorsels.Run(partials.Count, parallelism, (m, _) => SplitPartial(partials[m], bits), ct, discard: d => memory?.Release(d.Bytes)))
            {
                split.Add(part);
                counted += part.Bytes;
            }

            foreach (var (partition, aggregation, bytes) in OrderedMorsels.Run(
                1 << bits, parallelism, (p, token) => MergePartition(p, partials, split, token), ct, discard: d => memory?.Release(d.Bytes)))
            {
                merged.Add(aggregation);
                partitions.Add(partition);
                counted += bytes;
            }

            return Interleaved(partitions, split);
        }
        catch (PartialsNotMergeableException)
        {
            foreach (var aggregation in merged)
            {
                aggregation.Free(memory);
            }

            throw;
        }
        finally
        {
            memory?.Release(counted);
        }
    }

    /// <summary>
    /// A partial's key columns and its groups ordered by partition (counting sort, stable), counted
    /// against the query's memory (<see cref="SplitGroups.Bytes"/>) on the worker that splits it.
    /// </summary>
    private SplitGroups SplitPartial(Aggregation partial, int bits)
    {
        var count = partial.Table.Count;
        var keyColumns = partial.Table.KeyColumns();
        foreach (var key in keyColumns)
        {
            // Settled here, before the partitions read the columns from several threads at once.
            _ = key.HasUtf8 && key.Utf8IsAscii;
        }

        var partitionOf = new int[count];
        GroupPartitions.Assign(keyColumns, bits, partitionOf);
        var starts = new int[(1 << bits) + 1];
        foreach (var p in partitionOf)
        {
            starts[p + 1]++;
        }

        for (var p = 0; p < 1 << bits; p++)
        {
            starts[p + 1] += starts[p];
        }

        var byPartition = new int[count];
        var next = starts[..^1];
        for (var g = 0; g < count; g++)
        {
            byPartition[next[partitionOf[g]]++] = g;
        }

        // The key columns as copied out, and three ints a group (partition, place in it, id there).
        var bytes = memory is { Counts: true } ? QueryMemory.BytesOf(Chunk.Dense(keyColumns, count)) + (12L * count) : 0;
        memory?.Reserve(bytes);
        return new SplitGroups(keyColumns, partitionOf, byPartition, starts, new int[count], bytes);
    }

    /// <summary>
    /// Merges partition <paramref name="p"/> of every partial, in morsel order, and notes in each
    /// partial which of its groups are new here (their id in the partition) and which are not (-1).
    /// </summary>
    private ((ColumnVector[] Columns, int Count) Output, Aggregation Merged, long Bytes) MergePartition(
        int p, List<Aggregation> partials, List<SplitGroups> split, CancellationToken ct)
    {
        var merged = Start(partial: false, buffers: null); // partitions merge on worker threads
        try
        {
            var ids = Array.Empty<int>();
            for (var m = 0; m < partials.Count; m++)
            {
                ct.ThrowIfCancellationRequested();
                var groups = split[m].GroupsOf(p);
                if (groups.Length == 0)
                {
                    continue;
                }

                if (ids.Length < groups.Length)
                {
                    ids = new int[Math.Max(groups.Length, ids.Length * 2)];
                }

                var map = ids.AsSpan(0, groups.Length);
                var before = merged.Table.Count;
                merged.Table.Assign(split[m].KeyColumns, groups, map);
                merged.Reserve(before, memory);
                for (var a = 0; a < merged.States.Length; a++)
                {
                    merged.States[a].Merge(partials[m].States[a], groups, map, merged.Table.Count);
                }

                var newIds = split[m].NewIds;
                for (var k = 0; k < groups.Length; k++)
                {
                    newIds[groups[k]] = map[k] >= before ? map[k] : -1;
                }
            }
        }
        catch (PartialsNotMergeableException)
        {
            merged.Free(memory);
            throw;
        }

        // The partition's table and states are given back as its result columns are built; the columns count instead.
        var output = Output(merged);
        var bytes = memory is { Counts: true } ? QueryMemory.BytesOf(Chunk.Dense(output.Columns, output.Count)) : 0;
        memory?.Reserve(bytes);
        return (output, merged, bytes);
    }

    /// <summary>The partitions' rows in first-seen order: each group where a partial, in morsel order, has it new.</summary>
    private static (ColumnVector[] Columns, int Count) Interleaved(List<(ColumnVector[] Columns, int Count)> partitions, List<SplitGroups> split)
    {
        var count = partitions.Sum(p => p.Count);
        var partOf = new int[count];
        var rows = new int[count];
        var k = 0;
        foreach (var partial in split)
        {
            for (var g = 0; g < partial.NewIds.Length; g++)
            {
                if (partial.NewIds[g] >= 0)
                {
                    (partOf[k], rows[k]) = (partial.PartitionOf[g], partial.NewIds[g]);
                    k++;
                }
            }
        }

        var columns = new ColumnVector[partitions[0].Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = InterleavedColumns.Interleave([.. partitions.Select(p => p.Columns[c])], partOf, rows);
        }

        return (columns, count);
    }

    /// <summary>
    /// One partial's groups split by partition: <see cref="ByPartition"/> lists the groups of partition p from
    /// <see cref="Starts"/>[p] to <see cref="Starts"/>[p + 1]; <see cref="Bytes"/> is what it counts against the query's memory.
    /// </summary>
    private sealed record SplitGroups(ColumnVector[] KeyColumns, int[] PartitionOf, int[] ByPartition, int[] Starts, int[] NewIds, long Bytes)
    {
        public ReadOnlySpan<int> GroupsOf(int p) => ByPartition.AsSpan(Starts[p], Starts[p + 1] - Starts[p]);
    }
}
