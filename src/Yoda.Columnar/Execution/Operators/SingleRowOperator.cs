namespace Yoda.Columnar.Execution.Operators;

/// <summary>One row with no columns: the input of a SELECT without FROM.</summary>
public sealed class SingleRowOperator : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => [];

    public override IReadOnlyList<PhysicalOperator> Children => [];

    public override string Describe() => "SingleRow";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        yield return Chunk.Dense([], 1);
    }
}
