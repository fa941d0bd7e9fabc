using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Computes the output columns from each input chunk, keeping its selection.</summary>
public sealed class ProjectOperator(PhysicalOperator input, IReadOnlyList<VectorExpression> expressions, IReadOnlyList<string> descriptions)
    : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = expressions.Select(e => e.Kind).ToArray();

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public PhysicalOperator Input => input;

    /// <summary>The output columns' expressions over the input.</summary>
    public IReadOnlyList<VectorExpression> Expressions => expressions;

    public override string Describe() => $"Project [{string.Join(", ", descriptions)}]";

    public override IEnumerable<Chunk> Execute(CancellationToken ct) => Compute(input.Execute(ct));

    public override MorselSource? OpenMorsels(CancellationToken ct) =>
        expressions.All(e => e.IsParallelSafe) ? input.OpenMorsels(ct)?.Then((chunks, _) => Compute(chunks)) : null;

    /// <summary>The input's for an output column that is an input column as is.</summary>
    public override IReadOnlyList<MorselKeyRange>? MorselKeyRanges(int column) =>
        expressions[column] is ColumnExpression passed ? input.MorselKeyRanges(passed.Index) : null;

    private IEnumerable<Chunk> Compute(IEnumerable<Chunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            yield return chunk.WithColumns(expressions.Select(e => e.Evaluate(chunk)).ToArray());
        }
    }
}
