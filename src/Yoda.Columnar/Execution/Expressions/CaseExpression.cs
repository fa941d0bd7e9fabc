namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// CASE WHEN c1 THEN v1 ... ELSE e END: each branch is evaluated only on the rows that reach it,
/// so an error in an untaken branch does not fire. Branch values must already have this kind.
/// </summary>
public sealed class CaseExpression(ValueKind kind, IReadOnlyList<(VectorExpression When, VectorExpression Then)> branches, VectorExpression? otherwise)
    : VectorExpression(kind)
{
    public override bool IsParallelSafe => branches.All(b => b.When.IsParallelSafe && b.Then.IsParallelSafe) && (otherwise?.IsParallelSafe ?? true);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var result = ColumnVector.Create(Kind, chunk.PhysicalLength, withNulls: true);
        var remaining = chunk.Selection;
        foreach (var (when, then) in branches)
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

        if (otherwise is not null)
        {
            CopyRows(result, otherwise, chunk.WithSelection(remaining));
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
