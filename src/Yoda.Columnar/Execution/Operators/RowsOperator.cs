using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>A VALUES list: each row's expressions evaluated once (they read no input columns), emitted in chunks.</summary>
public sealed class RowsOperator(IReadOnlyList<ValueKind> kinds, IReadOnlyList<VectorExpression[]> rows) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds => kinds;

    public override IReadOnlyList<PhysicalOperator> Children => [];

    public override string Describe() => $"Values {rows.Count} rows";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        var single = Chunk.Dense([], 1);
        for (var start = 0; start < rows.Count; start += Chunk.Capacity)
        {
            ct.ThrowIfCancellationRequested();
            var length = Math.Min(Chunk.Capacity, rows.Count - start);
            var columns = kinds.Select(k => ColumnVector.Create(k, length, withNulls: true)).ToArray();
            for (var r = 0; r < length; r++)
            {
                var row = rows[start + r];
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c].CopyFrom(r, row[c].Evaluate(single), 0);
                }
            }

            yield return Chunk.Dense(columns, length);
        }
    }
}
