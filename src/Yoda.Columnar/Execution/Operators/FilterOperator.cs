using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Keeps the rows whose predicate is true (not false, not NULL) by narrowing the selection vector.</summary>
public sealed class FilterOperator(PhysicalOperator input, VectorExpression predicate, string description) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => input.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => $"Filter {description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct) => Keep(input.Execute(ct));

    public override MorselSource? OpenMorsels(CancellationToken ct) =>
        predicate.IsParallelSafe ? input.OpenMorsels(ct)?.Then((chunks, _) => Keep(chunks)) : null;

    /// <summary>The input's: a filter only drops rows.</summary>
    public override IReadOnlyList<MorselKeyRange>? MorselKeyRanges(int column) => input.MorselKeyRanges(column);

    private IEnumerable<Chunk> Keep(IEnumerable<Chunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            var truth = Truth.Evaluate(chunk, predicate.Evaluate(chunk));
            var kept = new int[chunk.RowCount];
            var count = 0;
            foreach (var i in chunk.Selection)
            {
                kept[count] = i;
                count += truth[i] == 1 ? 1 : 0;
            }

            if (count > 0)
            {
                yield return chunk.WithSelection(count == kept.Length ? kept : kept[..count]);
            }
        }
    }
}
