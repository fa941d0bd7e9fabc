using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>x || y: both operands rendered as text (REALs as SQLite prints them); NULL if either is NULL.</summary>
public sealed class ConcatExpression(VectorExpression left, VectorExpression right) : VectorExpression(ValueKind.Text)
{
    public override bool IsParallelSafe => left.IsParallelSafe && right.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var a = left.Evaluate(chunk);
        var b = right.Evaluate(chunk);
        var nulls = UnionNulls(chunk, a, b);
        var texts = new string[chunk.PhysicalLength];
        foreach (var i in chunk.Selection)
        {
            if (nulls is null || !nulls[i])
            {
                texts[i] = string.Concat(Text(a, i), Text(b, i));
            }
        }

        return ColumnVector.OfTexts(texts, nulls);
    }

    private static string Text(ColumnVector v, int i) => v.Kind == ValueKind.Text ? v.Texts[i] : NumericText.ToText(v.GetValue(i)!);
}
