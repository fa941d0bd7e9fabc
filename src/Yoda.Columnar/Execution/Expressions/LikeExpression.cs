using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// x [NOT] LIKE pattern [ESCAPE e]: ASCII case-insensitive; operands rendered as text; NULL in, NULL
/// out, except that a BLOB operand or pattern never matches, even beside a NULL (SQLite 3.53's likeFunc).
/// A constant pattern of literal text and '%' without ESCAPE is matched on a TEXT operand's stored
/// UTF-8 bytes (as the scan's LIKE predicate is), without a string per row: tpch-q14's
/// <c>CASE WHEN p_type LIKE 'PROMO%'</c> after its join.
/// </summary>
public sealed class LikeExpression(VectorExpression operand, VectorExpression pattern, VectorExpression? escape, bool negated)
    : VectorExpression(ValueKind.Integer)
{
    private readonly Utf8LikePattern? _bytePattern =
        escape is null && pattern is ConstantExpression { Value: string text } && operand.Kind == ValueKind.Text ? Utf8LikePattern.TryCreate(text) : null;

    public override bool IsParallelSafe => operand.IsParallelSafe && pattern.IsParallelSafe && (escape?.IsParallelSafe ?? true);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var text = operand.Evaluate(chunk);
        if (_bytePattern is not null && text.HasUtf8)
        {
            return MatchStoredBytes(chunk, text, _bytePattern);
        }

        var patterns = pattern.Evaluate(chunk);
        var escapes = escape?.Evaluate(chunk);
        var nulls = escapes is null ? UnionNulls(chunk, text, patterns) : UnionNulls(chunk, text, patterns, escapes);
        var result = new long[chunk.PhysicalLength];
        foreach (var i in chunk.Selection)
        {
            if (IsBlob(text, i) || IsBlob(patterns, i))
            {
                if (nulls is not null)
                {
                    nulls[i] = false;
                }

                result[i] = negated ? 1 : 0;
                continue;
            }

            if (nulls is not null && nulls[i])
            {
                continue;
            }

            char? escapeChar = null;
            if (escapes is not null)
            {
                var e = NumericText.ToText(escapes.GetValue(i)!);
                escapeChar = e.Length == 1 ? e[0] : throw new YodaException("ESCAPE expression must be a single character");
            }

            var matches = LikeMatcher.Matches(NumericText.ToText(patterns.GetValue(i)!), NumericText.ToText(text.GetValue(i)!), escapeChar);
            result[i] = matches != negated ? 1 : 0;
        }

        return ColumnVector.OfLongs(result, nulls);
    }

    private ColumnVector MatchStoredBytes(Chunk chunk, ColumnVector text, Utf8LikePattern bytePattern)
    {
        var result = new long[chunk.PhysicalLength];
        var stored = text.Utf8Texts;
        foreach (var i in chunk.Selection)
        {
            result[i] = bytePattern.IsMatch(stored[i]) != negated ? 1 : 0;
        }

        return ColumnVector.OfLongs(result, UnionNulls(chunk, text));
    }

    private static bool IsBlob(ColumnVector v, int row) => !v.IsNull(row) && v.KindAt(row) == ValueKind.Blob;
}
