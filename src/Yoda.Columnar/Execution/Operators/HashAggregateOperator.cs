using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// Groups rows by the key expressions and folds the aggregates per group. Output: the key columns
/// followed by the aggregate results, one row per group. Without keys there is exactly one group,
/// even over no rows (COUNT(*) of an empty table is 0). DISTINCT is this operator with no aggregates.
/// </summary>
public sealed class HashAggregateOperator(
    PhysicalOperator input,
    IReadOnlyList<VectorExpression> keys,
    IReadOnlyList<AggregateSpec> aggregates,
    string description,
    bool specialised = true,
    QueryMemory? memory = null) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        [.. keys.Select(k => k.Kind), .. aggregates.Select(a => a.ResultKind)];

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => description;

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var table = GroupTable.Create(keys.Select(k => k.Kind).ToArray(), specialised);
        var states = aggregates.Select(a => a.CreateState(specialised)).ToArray();
        var groups = new int[Chunk.Capacity];
        foreach (var chunk in input.Execute(ct))
        {
            if (groups.Length < chunk.RowCount)
            {
                groups = new int[chunk.RowCount];
            }

            var keyVectors = keys.Select(k => k.Evaluate(chunk)).ToArray();
            var ids = groups.AsSpan(0, chunk.RowCount);
            var before = table.Count;
            table.Assign(keyVectors, chunk.Selection, ids);
            memory?.Reserve((table.Count - before) * (table.BytesPerGroup + (24L * states.Length)));
            for (var a = 0; a < states.Length; a++)
            {
                var argument = aggregates[a].Argument?.Evaluate(chunk);
                var key = aggregates[a].Key?.Evaluate(chunk);
                states[a].Update(argument, key, chunk.Selection, ids, table.Count);
            }
        }

        if (keys.Count == 0)
        {
            table.EnsureSingleGroup();
        }

        var count = table.Count;
        if (count > 0)
        {
            ColumnVector[] columns = [.. table.KeyColumns(), .. states.Select(s => s.Result(count))];
            yield return Chunk.Dense(columns, count);
        }
    }
}
