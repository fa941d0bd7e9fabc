using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Keeps the rows whose predicate is true (not false, not NULL) by narrowing the selection vector.</summary>
public sealed class FilterOperator : PhysicalOperator
{
    private readonly PhysicalOperator _input;
    private readonly VectorExpression _predicate;
    private readonly string _description;

    public FilterOperator(PhysicalOperator input, VectorExpression predicate, string description)
    {
        (_input, _predicate, _description) = (input, predicate, description);

        // The predicate's vector is read once, into its truth values, and given back (see Truth.OfOperand).
        predicate.MarkConsumedAtOnce();
    }

    public override IReadOnlyList<ValueKind> OutputKinds => _input.OutputKinds;

    public override IReadOnlyList<PhysicalOperator> Children => [_input];

    public override string Describe() => $"Filter {_description}";

    public override IEnumerable<Chunk> Execute(CancellationToken ct) => Keep(_input.Execute(ct));

    public override MorselSource? OpenMorsels(CancellationToken ct) =>
        _predicate.IsParallelSafe ? _input.OpenMorsels(ct)?.Then((chunks, _) => Keep(chunks)) : null;

    /// <summary>The input's: a filter only drops rows.</summary>
    public override IReadOnlyList<MorselKeyRange>? MorselKeyRanges(int column) => _input.MorselKeyRanges(column);

    private IEnumerable<Chunk> Keep(IEnumerable<Chunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            var truth = Truth.OfOperand(_predicate, chunk);
            var kept = Truth.RowsWhere(chunk.Selection, truth, 1, equal: true);
            Truth.Return(truth);
            if (kept.Length > 0)
            {
                yield return kept == chunk.Selection ? chunk : chunk.WithSelection(kept);
            }
        }
    }
}
