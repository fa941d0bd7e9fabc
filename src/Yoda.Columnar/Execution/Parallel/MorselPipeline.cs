namespace Yoda.Columnar.Execution.Parallel;

/// <summary>
/// Runs an operator's pipeline (scan, filters, projections, probes) on its morsels in parallel and
/// yields the chunks in the order a serial <see cref="PhysicalOperator.Execute"/> would: whatever
/// consumes them (an aggregate that cannot merge partial states, a sort) sees the same input either way.
/// </summary>
public static class MorselPipeline
{
    public static IEnumerable<Chunk> Execute(PhysicalOperator input, int degree, CancellationToken ct) =>
        degree > 1 && input.OpenMorsels(ct) is { } source ? InOrder(source, degree, ct) : input.Execute(ct);

    public static IEnumerable<Chunk> InOrder(MorselSource source, int degree, CancellationToken ct)
    {
        foreach (var chunks in OrderedMorsels.Run(source.Count, degree, (m, token) => source.Execute(m, token).ToList(), ct))
        {
            foreach (var chunk in chunks)
            {
                yield return chunk;
            }
        }
    }
}
