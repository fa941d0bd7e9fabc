using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Groups rows by the key expressions and folds the aggregates per group. Output: the key columns
/// followed by the aggregate results, one row per group. Without keys there is exactly one group,
/// even over no rows (COUNT(*) of an empty table is 0). DISTINCT is this operator with no aggregates.
/// With <paramref name="parallelism"/> above 1, an input that splits into morsels and aggregates
/// that all merge exactly, each morsel is aggregated on its own thread and the partial tables are
/// merged in morsel order (so groups keep their first-seen order); aggregates that do not merge
/// exactly (and grouped REAL sums over a group per few rows, <see cref="SumsRealsByGroup"/>) are folded in morsel order over inputs evaluated in parallel (<see cref="OrderedFold"/>),
/// by one thread or, for counts and sums by key, by parallel shares of the groups (<see cref="SharedFold"/>);
/// otherwise it runs serially. One INTEGER key whose values ascend from morsel to morsel (zone maps) is
/// aggregated morsel by morsel on the workers, with nothing to merge (<see cref="MorselByMorsel"/>).
/// Ungrouped counts, sums, minima and maxima of stored columns are read straight from the Arrow
/// arrays by SIMD kernels (<see cref="ColumnAggregates"/>).
/// </summary>
public sealed partial class HashAggregateOperator(
    PhysicalOperator input,
    IReadOnlyList<VectorExpression> keys,
    IReadOnlyList<AggregateSpec> aggregates,
    string description,
    bool specialised = true,
    QueryMemory? memory = null,
    int parallelism = 1) : PhysicalOperator
{
    /// <summary>Partials merge only when a morsel has at least this many rows per group (see <see cref="MergedPartials"/>).</summary>
    private const int RowsPerGroupWorthMerging = 8;

    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        [.. keys.Select(k => k.Kind), .. aggregates.Select(a => a.ResultKind)];

    /// <summary>
    /// The kinds the group tables key by: a CASE whose results are all constants is keyed by the code
    /// of its result (<see cref="CaseExpression.EvaluateCodes"/>), a small INTEGER, instead of a text
    /// hashed per row; the codes are decoded once per group in the output (<see cref="KeyColumnsOf"/>).
    /// </summary>
    private readonly ValueKind[] _tableKinds = [.. keys.Select(k => k is CaseExpression { HasConstantResults: true } ? ValueKind.Integer : k.Kind)];

    /// <summary>
    /// Per aggregate, the earlier one whose partial it shares (<see cref="AggregateSpec.SharesPartialWith"/>), or -1:
    /// a partial aggregation creates and folds that partial once, and each of the two merges it into its own state.
    /// </summary>
    private readonly int[] _sharedPartials = [.. aggregates.Select((a, i) => aggregates.Take(i).ToList().FindIndex(a.SharesPartialWith))];

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => description;

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        // The tables and states are done with once the result is built (it holds copies of them): their
        // arrays go back to the pool when this ends, not with the statement, which may run it once per outer row.
        using var buffers = memory?.Buffers.Scope();
        if (parallelism > 1 && AscendingKeyMorsels() is { } ascending && input.OpenMorsels(ct) is { Count: > 1 } morsels)
        {
            foreach (var groups in MorselByMorsel(morsels, ascending.Ranges, ascending.SharesLowest, buffers, ct))
            {
                yield return groups;
            }

            yield break;
        }

        var direct = keys.Count == 0 && specialised ? ColumnAggregates.TryCreate(input, aggregates) : null;
        var source = direct is not null || (parallelism > 1 && (MergesPartials || FoldsInOrder)) ? input.OpenMorsels(ct) : null;
        var (columns, count) = source is null ? Output(Fold(Start(partial: false, buffers), input.Execute(ct)))
            : source.Count < 2 && direct is null ? Output(Fold(Start(partial: false, buffers), Enumerable.Range(0, source.Count).SelectMany(m => source.Execute(m, ct))))
            : direct is null && !MergesPartials ? OrderedFold(source, buffers, ct)
            : MergedPartials(source, direct, buffers, ct);
        if (count > 0)
        {
            yield return Chunk.Dense(columns, count);
        }
    }

    /// <summary>The result columns of an aggregation: the keys, then the aggregates.</summary>
    private (ColumnVector[] Columns, int Count) Output(Aggregation result)
    {
        if (keys.Count == 0)
        {
            result.Table.EnsureSingleGroup();
        }

        var count = result.Table.Count;
        ColumnVector[] columns = [.. KeyColumnsOf(result.Table), .. result.States.Select(s => s.Result(count))];

        // The table and states are done with (the columns are copies): what they held is given back, or
        // a correlated subquery, which runs this once per outer row, would count every run's groups and sets.
        result.Free(memory);
        return (columns, count);
    }

    private bool MergesPartials => keys.All(k => k.IsParallelSafe) && aggregates.All(a => a.MergesExactly);

    /// <param name="buffers">Where large arrays are rented; null (allocate) for anything a worker
    /// thread fills, since a worker may still be folding after the consumer has left.</param>
    /// <param name="table">The group table, when not the one for the keys' kinds (<see cref="MorselByMorsel"/>'s).</param>
    private Aggregation Start(bool partial, QueryBuffers? buffers, GroupTable? table = null)
    {
        var groupRows = partial && SharesGroupRows ? new GroupRowCounts() : null;
        var states = new AggregateState[aggregates.Count];
        for (var a = 0; a < states.Length; a++)
        {
            states[a] = !partial ? aggregates[a].CreateState(specialised, buffers)
                : _sharedPartials[a] >= 0 ? states[_sharedPartials[a]]
                : aggregates[a].CreatePartialState(buffers, groupRows);
        }

        return new(
            table ?? GroupTable.Create(_tableKinds, specialised, buffers),
            states,
            partial,
            groupRows,
            groupRows is not null && aggregates.Count(a => a.HasSumPartial && !a.SumsReals) > 1 ? new PairedIntegerSums() : null);
    }

    /// <summary>
    /// Two or more sums and counts (h2o's three AVGs, TPC-H Q1's sums, AVGs and COUNT(*)): a partial counts each
    /// chunk's rows per group once (<see cref="GroupRowCounts"/>), and the sums and counts whose arguments have no
    /// NULL count nothing themselves.
    /// </summary>
    private bool SharesGroupRows => aggregates.Count(a => a.CountsByGroupRows) > 1;

    private Aggregation Fold(Aggregation aggregation, IEnumerable<Chunk> chunks)
    {
        // Rented, not allocated: a worker folds a partial per morsel, and a fresh 16 KB scratch each time was garbage to collect.
        var groups = ChunkArrays<int>.Rent(Chunk.Capacity);
        var keyVectors = new ColumnVector[keys.Count];
        try
        {
            foreach (var chunk in chunks)
            {
                if (groups.Length < chunk.RowCount)
                {
                    ChunkArrays<int>.Return(groups);
                    groups = ChunkArrays<int>.Rent(chunk.RowCount);
                }

                EvaluateKeys(chunk, keyVectors);
                var ids = groups.AsSpan(0, chunk.RowCount);
                var before = aggregation.Table.Count;
                aggregation.Table.Assign(keyVectors, chunk.Selection, ids);
                ReturnCodes(keyVectors);
                aggregation.Rows += chunk.RowCount;
                var pairs = aggregation.PairedSums;
                for (var a = 0; a < aggregation.States.Length; a++)
                {
                    if (aggregation.IsPartial && _sharedPartials[a] >= 0)
                    {
                        continue;
                    }

                    var argument = aggregates[a].Argument?.Evaluate(chunk);
                    var key = aggregates[a].Key?.Evaluate(chunk);
                    if (pairs?.TryDefer(aggregation.States[a], argument, chunk.RowCount, aggregation.Table.Count) != true)
                    {
                        aggregation.States[a].Update(argument, key, chunk.Selection, ids, aggregation.Table.Count);
                    }
                }

                pairs?.Fold(chunk.Selection, ids);

                // After the updates: a sum that starts counting its own values at this chunk takes the rows before it.
                aggregation.GroupRows?.Add(ids, aggregation.Table.Count);

                // After the updates, so that what they added to DISTINCT sets is counted with the chunk's groups.
                aggregation.Reserve(before, memory);
            }
        }
        finally
        {
            ChunkArrays<int>.Return(groups);
        }

        return aggregation;
    }

    /// <summary>The key vectors of a chunk, the codes of constant-result CASE keys (pooled) in place of their results.</summary>
    private void EvaluateKeys(Chunk chunk, ColumnVector[] keyVectors)
    {
        for (var k = 0; k < keyVectors.Length; k++)
        {
            keyVectors[k] = keys[k] is CaseExpression { HasConstantResults: true } coded ? coded.EvaluateCodes(chunk) : keys[k].Evaluate(chunk);
        }
    }

    /// <summary>Gives back the codes' pooled vectors once a table has assigned their rows (it keeps none of their arrays).</summary>
    private void ReturnCodes(ColumnVector[] keyVectors)
    {
        for (var k = 0; k < keyVectors.Length; k++)
        {
            if (keys[k] is CaseExpression { HasConstantResults: true })
            {
                keyVectors[k].ReturnToPool();
            }
        }
    }

    /// <summary>A table's key columns as the keys' values (codes decoded).</summary>
    private ColumnVector[] KeyColumnsOf(GroupTable table)
    {
        var columns = table.KeyColumns();
        for (var k = 0; k < columns.Length; k++)
        {
            if (keys[k] is CaseExpression { HasConstantResults: true } coded)
            {
                columns[k] = coded.Decode(columns[k]);
            }
        }

        return columns;
    }

    /// <summary>
    /// Aggregates each morsel on its own (straight from storage where <paramref name="direct"/> can)
    /// and merges the partials in morsel order. When the first morsel has a group for nearly every
    /// row (<see cref="Partitions"/>), all partials are merged radix-partitioned, the partitions in
    /// parallel (<see cref="MergedByPartition"/>). Otherwise they merge into one table; a morsel with
    /// more than one group per <see cref="RowsPerGroupWorthMerging"/> rows would cost as much to merge
    /// as to aggregate: from then on no new partial is started, and each later morsel is folded into
    /// the merged state serially, unless its partial was started before (merging it costs a fraction
    /// of folding its rows again). Partials that cannot merge exactly make the whole aggregate run
    /// serially again.
    /// </summary>
    private (ColumnVector[] Columns, int Count) MergedPartials(MorselSource source, ColumnAggregates? direct, QueryBuffers? buffers, CancellationToken ct)
    {
        var merged = Start(partial: false, buffers);
        List<Aggregation>? partitioned = null;
        var serial = false;
        var probe = direct is null && SumsRealsByGroup ? new FirstChunkProbe() : null;
        var next = 0;
        try
        {
            // Null for a morsel reached once the rest is folded serially: the consumer folds it.
            var partials = OrderedMorsels.Run(
                source.Count,
                parallelism,
                (m, token) => Volatile.Read(ref serial) ? null
                    : direct?.Segment(m) is { } states ? Single(states)
                    : FoldPartial(source, m, token, probe),
                ct,
                discard: part => part?.Free(memory));
            foreach (var part in partials)
            {
                var morsel = next++;
                if (probe is { ManyGroups: true })
                {
                    // Morsel 0's first chunk decided it (and the workers stopped): nothing was merged yet.
                    part?.Free(memory);
                    merged.Free(memory);
                    return OrderedFold(source, buffers, ct);
                }

                if (part is null)
                {
                    Fold(merged, source.Execute(morsel, ct));
                    continue;
                }

                if (morsel == 0 && Partitions(part, source.Count))
                {
                    partitioned = new List<Aggregation>(source.Count);
                }

                if (partitioned is not null)
                {
                    partitioned.Add(part);
                    continue;
                }

                try
                {
                    MergeInto(merged, part);
                }
                finally
                {
                    part.Free(memory);
                }

                if (keys.Count > 0 && part.Table.Count * (long)RowsPerGroupWorthMerging > part.Rows)
                {
                    Volatile.Write(ref serial, true);
                }
            }

            if (partitioned is not null)
            {
                return MergedByPartition(partitioned, partitioned.Sum(p => (long)p.Table.Count), ct);
            }

            // Inside the try: a merged REAL sum that the partials cannot decide fails as its result is built.
            return Output(merged);
        }
        catch (PartialsNotMergeableException)
        {
            merged.Free(memory);
            return Output(Fold(Start(partial: false, buffers), input.Execute(ct)));
        }
        finally
        {
            foreach (var part in partitioned ?? [])
            {
                part.Free(memory);
            }
        }
    }

    /// <summary>
    /// A morsel's partial aggregation, on a worker; what it counted is given back if it fails (or is cancelled) part way.
    /// With a <paramref name="probe"/>, morsel 0's first chunk decides whether partials pay, and every morsel stops
    /// (its partial incomplete, never merged) once they do not.
    /// </summary>
    private Aggregation FoldPartial(MorselSource source, int morsel, CancellationToken ct, FirstChunkProbe? probe)
    {
        var partial = Start(partial: true, buffers: null);
        try
        {
            var chunks = source.Execute(morsel, ct);
            return Fold(partial, probe is null ? chunks : probe.UntilManyGroups(chunks, partial, decides: morsel == 0));
        }
        catch
        {
            partial.Free(memory);
            throw;
        }
    }

    private void MergeInto(Aggregation merged, Aggregation part)
    {
        var rows = Chunk.AllRows(part.Table.Count);
        var map = new int[rows.Length];
        var before = merged.Table.Count;
        merged.Table.Assign(part.Table.KeyColumns(), rows, map);
        for (var a = 0; a < merged.States.Length; a++)
        {
            merged.States[a].Merge(part.States[a], rows, map, merged.Table.Count);
        }

        merged.Reserve(before, memory);
    }

    /// <summary>The one-group aggregation of states taken straight from storage.</summary>
    private Aggregation Single(AggregateState[] states)
    {
        var table = GroupTable.Create([], specialised);
        table.EnsureSingleGroup();
        return new Aggregation(table, states);
    }

    /// <summary>
    /// Grouped SUM, TOTAL or AVG of REALs: their partials merge (<see cref="RealSumPartial"/>), but a group per few
    /// rows makes <see cref="MergedPartials"/> fold the later morsels wholly on the consumer, while the ordered fold
    /// keeps the pipelines on the workers and, beside only counts and sums, folds in parallel group shares
    /// (<see cref="SharedFold"/>). So the first chunk of morsel 0 chooses (<see cref="FirstChunkProbe"/>).
    /// </summary>
    private bool SumsRealsByGroup => keys.Count > 0 && aggregates.Any(a => a.SumsReals);

    /// <summary>
    /// The first chunk of morsel 0 must have at least this many rows per group for grouped REAL sums to take merged
    /// partials (4,096 rows: about 550 groups or fewer; h2o-q4's 100 and TPC-H Q1's 4 pass, h2o-q3/q5's 10,000 do not).
    /// </summary>
    private const int RowsPerGroupInFirstChunk = 8;

    /// <summary>Decides from morsel 0's first chunk (with rows) whether the partials pay; shared by the workers of one run.</summary>
    private sealed class FirstChunkProbe
    {
        private volatile bool _manyGroups;

        /// <summary>True once morsel 0's first chunk had fewer than <see cref="RowsPerGroupInFirstChunk"/> rows per group.</summary>
        public bool ManyGroups => _manyGroups;

        /// <summary>The chunks, while the partials pay; <paramref name="decides"/> for morsel 0, whose first chunk sets <see cref="ManyGroups"/>.</summary>
        public IEnumerable<Chunk> UntilManyGroups(IEnumerable<Chunk> chunks, Aggregation partial, bool decides)
        {
            foreach (var chunk in chunks)
            {
                if (_manyGroups)
                {
                    yield break;
                }

                yield return chunk;
                if (decides && partial.Rows > 0)
                {
                    decides = false;
                    _manyGroups = partial.Table.Count * (long)RowsPerGroupInFirstChunk > partial.Rows;
                }
            }
        }
    }

    private sealed class Aggregation(GroupTable table, AggregateState[] states, bool isPartial = false, GroupRowCounts? groupRows = null, PairedIntegerSums? pairedSums = null)
    {
        private long _reserved;

        // The states' HeldBytes as last counted.
        private long _held;

        /// <summary>Rows folded in.</summary>
        public long Rows { get; set; }

        public GroupTable Table { get; } = table;

        public AggregateState[] States { get; } = states;

        /// <summary>A morsel's partial aggregation: aggregates may share a state (<see cref="_sharedPartials"/>), folded once.</summary>
        public bool IsPartial { get; } = isPartial;

        /// <summary>The rows per group that sum partials count by (<see cref="SharesGroupRows"/>), or null.</summary>
        public GroupRowCounts? GroupRows { get; } = groupRows;

        /// <summary>Where a partial defers its INTEGER sums to fold them two columns a pass (two or more of them, sharing the group rows), or null.</summary>
        public PairedIntegerSums? PairedSums { get; } = pairedSums;

        /// <summary>
        /// Counts against the query's memory the groups created since there were <paramref name="before"/>,
        /// and what the states hold beyond their per-group arrays has grown by (<see cref="AggregateState.HeldBytes"/>:
        /// DISTINCT sets, group_concat's texts), as has what the table holds for text keys (<see cref="GroupTable.HeldKeyBytes"/>). Called once per chunk or merged partial, after the states' updates.
        /// </summary>
        public void Reserve(int before, QueryMemory? memory)
        {
            if (memory is not { Counts: true })
            {
                return;
            }

            var held = Table.HeldKeyBytes;
            foreach (var state in States)
            {
                held += state.HeldBytes;
            }

            var perGroup = Table.BytesPerGroup + (24L * States.Length) + (GroupRows is null ? 0 : sizeof(long));
            var bytes = ((Table.Count - before) * perGroup) + (held - _held);
            _held = held;
            _reserved += bytes;
            memory.Reserve(bytes);
        }

        public void Free(QueryMemory? memory)
        {
            memory?.Release(_reserved);
            (_reserved, _held) = (0, 0);
        }
    }
}
