using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Computes the output columns from each input chunk, keeping its selection.</summary>
public sealed class ProjectOperator(PhysicalOperator input, IReadOnlyList<VectorExpression> expressions, IReadOnlyList<string> descriptions)
    : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } = expressions.Select(e => e.Kind).ToArray();

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => $"Project [{string.Join(", ", descriptions)}]";

    public override int MorselCount => expressions.All(e => e.IsParallelSafe) ? input.MorselCount : 0;

    public override IEnumerable<Chunk> Execute(CancellationToken ct) => Compute(input.Execute(ct));

    public override IEnumerable<Chunk> ExecuteMorsel(int morsel, CancellationToken ct) => Compute(input.ExecuteMorsel(morsel, ct));

    private IEnumerable<Chunk> Compute(IEnumerable<Chunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            yield return chunk.WithColumns(expressions.Select(e => e.Evaluate(chunk)).ToArray());
        }
    }
}
