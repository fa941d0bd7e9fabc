namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// CASE WHEN c1 THEN v1 ... ELSE e END: each branch is evaluated only on the rows that reach it,
/// so an error in an untaken branch does not fire. Branch values must already have this kind; they
/// are copied into the result at once, so their pooled arrays go back right after.
/// </summary>
public sealed class CaseExpression : VectorExpression
{
    private readonly IReadOnlyList<(VectorExpression When, VectorExpression Then)> _branches;
    private readonly VectorExpression? _otherwise;

    public CaseExpression(ValueKind kind, IReadOnlyList<(VectorExpression When, VectorExpression Then)> branches, VectorExpression? otherwise)
        : base(kind)
    {
        _branches = branches;
        _otherwise = otherwise;
        foreach (var (_, then) in branches)
        {
            then.MarkConsumedAtOnce();
        }

        otherwise?.MarkConsumedAtOnce();
    }

    public override bool IsParallelSafe => _branches.All(b => b.When.IsParallelSafe && b.Then.IsParallelSafe) && (_otherwise?.IsParallelSafe ?? true);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var result = ConsumedAtOnce && Kind is ValueKind.Integer or ValueKind.Real
            ? ColumnVector.Rent(Kind, chunk.PhysicalLength, withNulls: true)
            : ColumnVector.Create(Kind, chunk.PhysicalLength, withNulls: true);
        var remaining = chunk.Selection;
        foreach (var (when, then) in _branches)
        {
            if (remaining.Length == 0)
            {
                break;
            }

            var candidates = chunk.WithSelection(remaining);
            var truth = Truth.Evaluate(candidates, when.Evaluate(candidates));
            var matched = LogicalExpression.RowsWhere(remaining, truth, 1, equal: true);
            remaining = LogicalExpression.RowsWhere(remaining, truth, 1, equal: false);
            CopyRows(result, then, chunk.WithSelection(matched));
        }

        if (_otherwise is not null)
        {
            CopyRows(result, _otherwise, chunk.WithSelection(remaining));
        }
        else
        {
            foreach (var i in remaining)
            {
                result.Nulls![i] = true;
            }
        }

        return result;
    }

    private static void CopyRows(ColumnVector result, VectorExpression source, Chunk rows)
    {
        if (rows.RowCount == 0)
        {
            return;
        }

        if (source is ConstantExpression { Value: { } constant } && source.Kind == result.Kind)
        {
            FillRows(result, constant, rows.Selection);
            return;
        }

        var values = source.Evaluate(rows);
        foreach (var i in rows.Selection)
        {
            result.CopyFrom(i, values, i);
        }

        values.ReturnToPool();
    }

    /// <summary>A constant branch writes its value into the rows that take it, without a vector of its own.</summary>
    private static void FillRows(ColumnVector result, object constant, ReadOnlySpan<int> rows)
    {
        switch (constant)
        {
            case string text when result.Kind == ValueKind.Text: Fill(result.Texts, text, rows); break;
            case long integer when result.Kind == ValueKind.Integer: Fill(result.Longs, integer, rows); break;
            case double real when result.Kind == ValueKind.Real: Fill(result.Doubles, real, rows); break;
            default:
                foreach (var i in rows)
                {
                    result.SetValue(i, constant);
                }

                break;
        }

        if (result.Nulls is { } nulls)
        {
            foreach (var i in rows)
            {
                nulls[i] = false;
            }
        }
    }

    private static void Fill<T>(T[] values, T value, ReadOnlySpan<int> rows)
    {
        foreach (var i in rows)
        {
            values[i] = value;
        }
    }
}
