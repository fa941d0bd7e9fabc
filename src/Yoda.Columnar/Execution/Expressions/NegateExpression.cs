using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>Unary minus, bitwise NOT (~) or abs() on an INTEGER or REAL operand.</summary>
public sealed class NegateExpression(NegateExpression.Mode mode, VectorExpression operand) : VectorExpression(operand.Kind)
{
    public override bool IsParallelSafe => operand.IsParallelSafe;

    /// <summary>The operation's canonical text, which an <see cref="IntegerOverflowException"/> carries out of this expression.</summary>
    public string? Origin { get; init; }

    public enum Mode
    {
        Negate,
        BitNot,
        Abs,
    }

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var input = operand.Evaluate(chunk);
        var nulls = input.Nulls is null ? null : (bool[])input.Nulls.Clone();
        if (Kind == ValueKind.Real)
        {
            var doubles = new double[chunk.PhysicalLength];
            foreach (var i in chunk.Selection)
            {
                doubles[i] = mode == Mode.Abs ? Math.Abs(input.Doubles[i]) : -input.Doubles[i];
            }

            return ColumnVector.OfDoubles(doubles, nulls);
        }

        var longs = new long[chunk.PhysicalLength];
        foreach (var i in chunk.Selection)
        {
            var v = input.Longs[i];
            if (mode != Mode.BitNot && v == long.MinValue && !input.IsNull(i))
            {
                throw mode == Mode.Abs ? new YodaException("integer overflow") : Origin is null ? IntegerKernels.Overflow() : IntegerKernels.Overflow().At(Origin);
            }

            longs[i] = mode switch
            {
                Mode.Negate => -v,
                Mode.BitNot => ~v,
                _ => Math.Abs(v == long.MinValue ? 0 : v),
            };
        }

        return ColumnVector.OfLongs(longs, nulls);
    }
}
