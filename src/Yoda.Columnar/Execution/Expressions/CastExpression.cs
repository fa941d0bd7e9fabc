using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// CAST(x AS INTEGER | REAL | TEXT | BLOB) with SQLite's conversions; also widens INTEGER to REAL for
/// mixed arithmetic. A <see cref="ValueKind.Dynamic"/> target is CAST(x AS NUMERIC) of text (or of a
/// dynamic value): INTEGER where the text reads as an integer that fits, else REAL; numbers stay as they are.
/// </summary>
public sealed class CastExpression(ValueKind target, VectorExpression operand) : VectorExpression(target)
{
    public override bool IsParallelSafe => operand.IsParallelSafe;

    public VectorExpression Operand => operand;

    /// <summary>An unchanged operand is the result itself, so the operand's results are consumed at once too.</summary>
    public override void MarkConsumedAtOnce()
    {
        base.MarkConsumedAtOnce();
        operand.MarkConsumedAtOnce();
    }

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var input = operand.Evaluate(chunk);
        if (input.Kind == Kind && Kind != ValueKind.Dynamic)
        {
            return input;
        }

        var output = ConsumedAtOnce && Kind is ValueKind.Integer or ValueKind.Real
            ? ColumnVector.Rent(Kind, chunk.PhysicalLength, input.Nulls is not null)
            : ColumnVector.Create(Kind, chunk.PhysicalLength, input.Nulls is not null);
        foreach (var i in chunk.Selection)
        {
            if (input.IsNull(i))
            {
                output.Nulls![i] = true;
                continue;
            }

            switch (Kind)
            {
                case ValueKind.Integer: output.Longs[i] = ToInteger(input, i); break;
                case ValueKind.Real: output.Doubles[i] = ToReal(input, i); break;
                case ValueKind.Text: output.Texts[i] = NumericText.ToText(input.GetValue(i)!); break;
                case ValueKind.Dynamic: output.Dynamic.Set(i, ToNumeric(input.GetValue(i)!)); break;
                default: output.Blobs[i] = Encoding.UTF8.GetBytes(NumericText.ToText(input.GetValue(i)!)); break;
            }
        }

        input.ReturnToPool();
        return output;
    }

    private static long ToInteger(ColumnVector v, int i) => v.KindAt(i) switch
    {
        ValueKind.Integer => v.LongAt(i),
        ValueKind.Real => RealKernels.ToInt64(v.DoubleAt(i)),
        ValueKind.Text => NumericText.ToInteger(v.TextAt(i)),
        _ => NumericText.ToInteger(Encoding.UTF8.GetString(v.BlobAt(i))),
    };

    private static double ToReal(ColumnVector v, int i) => v.KindAt(i) switch
    {
        ValueKind.Integer => v.LongAt(i),
        ValueKind.Real => v.DoubleAt(i),
        ValueKind.Text => NumericText.ToReal(v.TextAt(i)),
        _ => NumericText.ToReal(Encoding.UTF8.GetString(v.BlobAt(i))),
    };

    private static object ToNumeric(object value) => value switch
    {
        string s => NumericText.ToNumeric(s),
        byte[] b => NumericText.ToNumeric(Encoding.UTF8.GetString(b)),
        var number => number,
    };
}
