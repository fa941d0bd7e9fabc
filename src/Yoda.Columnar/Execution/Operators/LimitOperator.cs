namespace Yoda.Columnar.Execution.Operators;

/// <summary>Skips <c>offset</c> rows, then passes at most <c>limit</c> rows (a negative limit means no limit, as in SQLite).</summary>
public sealed class LimitOperator(PhysicalOperator input, long limit, long offset) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => input.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [input];

    public override string Describe() => offset > 0 ? $"Limit {limit} Offset {offset}" : $"Limit {limit}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var toSkip = Math.Max(offset, 0);
        var remaining = limit < 0 ? long.MaxValue : limit;
        if (remaining == 0)
        {
            yield break;
        }

        foreach (var chunk in input.Execute(ct))
        {
            var from = (int)Math.Min(toSkip, chunk.RowCount);
            toSkip -= from;
            var take = (int)Math.Min(remaining, chunk.RowCount - from);
            if (take > 0)
            {
                remaining -= take;
                yield return chunk.WithSelection(chunk.Selection[from..(from + take)]);
            }

            if (remaining == 0)
            {
                yield break;
            }
        }
    }
}
