namespace Yoda.Columnar.Execution.Parallel;

/// <summary>
/// Runs an operator's pipeline (scan, filters, projections) on its morsels in parallel and yields
/// the chunks in the order a serial <see cref="PhysicalOperator.Execute"/> would: whatever consumes
/// them (an aggregate that cannot merge partial states, a sort) sees the same input either way.
/// </summary>
public static class MorselPipeline
{
    public static IEnumerable<Chunk> Execute(PhysicalOperator input, int degree, CancellationToken ct) =>
        degree <= 1 || input.MorselCount < 2 ? input.Execute(ct) : InOrder(input, degree, ct);

    private static IEnumerable<Chunk> InOrder(PhysicalOperator input, int degree, CancellationToken ct)
    {
        foreach (var chunks in OrderedMorsels.Run(input.MorselCount, degree, (m, token) => input.ExecuteMorsel(m, token).ToList(), ct))
        {
            foreach (var chunk in chunks)
            {
                yield return chunk;
            }
        }
    }
}
