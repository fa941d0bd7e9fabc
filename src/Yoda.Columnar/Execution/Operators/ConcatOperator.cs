namespace Yoda.Columnar.Execution.Operators;

/// <summary>UNION ALL: the rows of each input in turn (all inputs have the same column kinds).</summary>
public sealed class ConcatOperator(IReadOnlyList<PhysicalOperator> inputs) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => inputs[0].OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => inputs;

    public override string Describe() => "UnionAll";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        foreach (var input in inputs)
        {
            foreach (var chunk in input.Execute(ct))
            {
                yield return chunk;
            }
        }
    }
}
