using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Groups rows by the key expressions and folds the aggregates per group. Output: the key columns
/// followed by the aggregate results, one row per group. Without keys there is exactly one group,
/// even over no rows (COUNT(*) of an empty table is 0). DISTINCT is this operator with no aggregates.
/// With <paramref name="parallelism"/> above 1 and an input that splits into morsels, each morsel is
/// aggregated on its own thread when every aggregate merges exactly, and the partial tables are
/// merged in morsel order (so groups keep their first-seen order); otherwise the input pipeline runs
/// in parallel and the folding stays serial. Ungrouped counts, sums, minima and maxima of stored
/// columns are read straight from the Arrow arrays by SIMD kernels (<see cref="ColumnAggregates"/>).
/// </summary>
public sealed class HashAggregateOperator(
    PhysicalOperator input,
    IReadOnlyList<VectorExpression> keys,
    IReadOnlyList<AggregateSpec> aggregates,
    string description,
    bool specialised = true,
    QueryMemory? memory = null,
    int parallelism = 1) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        [.. keys.Select(k => k.Kind), .. aggregates.Select(a => a.ResultKind)];

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => description;

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var direct = keys.Count == 0 && specialised ? ColumnAggregates.TryCreate(input, aggregates) : null;
        var source = parallelism > 1 || direct is not null ? input.OpenMorsels(ct) : null;
        var result = source is null ? Fold(input.Execute(ct), partial: false)
            : direct is not null ? MergedPartials(source, (m, token) => direct.Segment(m) is { } states ? Single(states) : Fold(source.Execute(m, token), partial: true), ct)
            : MergesPartials ? MergedPartials(source, (m, token) => Fold(source.Execute(m, token), partial: true), ct)
            : Fold(MorselPipeline.InOrder(source, parallelism, ct), partial: false);
        if (keys.Count == 0)
        {
            result.Table.EnsureSingleGroup();
        }

        var count = result.Table.Count;
        if (count > 0)
        {
            ColumnVector[] columns = [.. result.Table.KeyColumns(), .. result.States.Select(s => s.Result(count))];
            yield return Chunk.Dense(columns, count);
        }
    }

    private bool MergesPartials => keys.All(k => k.IsParallelSafe) && aggregates.All(a => a.MergesExactly);

    private Aggregation Fold(IEnumerable<Chunk> chunks, bool partial)
    {
        var aggregation = new Aggregation(
            GroupTable.Create(keys.Select(k => k.Kind).ToArray(), specialised),
            aggregates.Select(a => partial ? a.CreatePartialState() : a.CreateState(specialised)).ToArray());
        var groups = new int[Chunk.Capacity];
        foreach (var chunk in chunks)
        {
            if (groups.Length < chunk.RowCount)
            {
                groups = new int[chunk.RowCount];
            }

            var keyVectors = keys.Select(k => k.Evaluate(chunk)).ToArray();
            var ids = groups.AsSpan(0, chunk.RowCount);
            var before = aggregation.Table.Count;
            aggregation.Table.Assign(keyVectors, chunk.Selection, ids);
            aggregation.Reserve(before, memory);
            for (var a = 0; a < aggregation.States.Length; a++)
            {
                var argument = aggregates[a].Argument?.Evaluate(chunk);
                var key = aggregates[a].Key?.Evaluate(chunk);
                aggregation.States[a].Update(argument, key, chunk.Selection, ids, aggregation.Table.Count);
            }
        }

        return aggregation;
    }

    /// <summary>Aggregates each morsel on its own and merges the partials in morsel order; serially again when they cannot merge exactly.</summary>
    private Aggregation MergedPartials(MorselSource source, Func<int, CancellationToken, Aggregation> partialOf, CancellationToken ct)
    {
        var merged = Fold([], partial: false);
        try
        {
            foreach (var part in OrderedMorsels.Run(source.Count, parallelism, partialOf, ct))
            {
                var map = new int[part.Table.Count];
                var before = merged.Table.Count;
                merged.Table.Assign(part.Table.KeyColumns(), Chunk.AllRows(map.Length), map);
                merged.Reserve(before, memory);
                for (var a = 0; a < merged.States.Length; a++)
                {
                    merged.States[a].Merge(part.States[a], map, merged.Table.Count);
                }

                part.Free(memory);
            }
        }
        catch (PartialsNotMergeableException)
        {
            merged.Free(memory);
            return Fold(MorselPipeline.InOrder(source, parallelism, ct), partial: false);
        }

        return merged;
    }

    /// <summary>The one-group aggregation of states taken straight from storage.</summary>
    private Aggregation Single(AggregateState[] states)
    {
        var table = GroupTable.Create([], specialised);
        table.EnsureSingleGroup();
        return new Aggregation(table, states);
    }

    private sealed class Aggregation(GroupTable table, AggregateState[] states)
    {
        private long _reserved;

        public GroupTable Table { get; } = table;

        public AggregateState[] States { get; } = states;

        /// <summary>Counts the groups created since there were <paramref name="before"/> against the query's memory.</summary>
        public void Reserve(int before, QueryMemory? memory)
        {
            var bytes = (Table.Count - before) * (Table.BytesPerGroup + (24L * States.Length));
            memory?.Reserve(bytes);
            _reserved += bytes;
        }

        public void Free(QueryMemory? memory) => memory?.Release(_reserved);
    }
}
