using Yoda.Columnar.Execution;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// A subquery in FROM that reads an enclosing query's columns (<see cref="CorrelationFrame.References"/>,
/// outer references of the subquery it is part of): each scan sets the frame from the current outer
/// row and runs the subquery's plan again.
/// </summary>
internal sealed class CorrelatedSource(PhysicalPlan plan, CorrelationFrame frame)
{
    private PhysicalPlan Plan => plan;

    public PhysicalOperator Scan(int[] columns) => new CorrelatedScanOperator(this, columns);

    /// <summary>One run of the plan; what its operators counted is given back when the scan ends.</summary>
    private IEnumerable<Chunk> Rows(CancellationToken ct)
    {
        frame.Values = frame.References.Select(ExpressionCompiler.Evaluate).ToArray();
        return plan.Run(ct);
    }

    private sealed class CorrelatedScanOperator(CorrelatedSource source, int[] columns) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds { get; } = columns.Select(c => source.Plan.Kinds[c]).ToArray();

        public override IReadOnlyList<PhysicalOperator> Children => [source.Plan.Root];

        public override string Describe() => $"CorrelatedSubquery [{string.Join(", ", columns.Select(c => source.Plan.Columns[c].Name))}]";

        public override IEnumerable<Chunk> Execute(CancellationToken ct)
        {
            foreach (var chunk in source.Rows(ct))
            {
                yield return chunk.WithColumns(columns.Select(c => chunk.Columns[c]).ToArray());
            }
        }
    }
}
