namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// A scalar function applied row by row to boxed argument values (for text functions, where the
/// per-row work dwarfs the boxing). The function gets null for NULL arguments and returns null for NULL.
/// </summary>
public sealed class RowFunctionExpression(ValueKind kind, IReadOnlyList<VectorExpression> arguments, Func<object?[], object?> function)
    : VectorExpression(kind)
{
    // The functions are thread-safe: random() and randomblob() draw from Random.Shared.
    public override bool IsParallelSafe => arguments.All(a => a.IsParallelSafe);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var inputs = arguments.Select(a => a.Evaluate(chunk)).ToArray();
        var output = ColumnVector.Create(Kind, chunk.PhysicalLength, withNulls: true);
        var values = new object?[inputs.Length];
        foreach (var i in chunk.Selection)
        {
            for (var k = 0; k < inputs.Length; k++)
            {
                values[k] = inputs[k].GetValue(i);
            }

            var result = function(values);
            if (result is null)
            {
                output.Nulls![i] = true;
                continue;
            }

            switch (Kind)
            {
                case ValueKind.Integer: output.Longs[i] = (long)result; break;
                case ValueKind.Real: output.Doubles[i] = (double)result; break;
                case ValueKind.Text: output.Texts[i] = (string)result; break;
                case ValueKind.Dynamic: output.Dynamic.Set(i, result); break;
                default: output.Blobs[i] = (byte[])result; break;
            }
        }

        return output;
    }
}
