using System.Diagnostics.CodeAnalysis;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Scan;
using Yoda.Columnar.Kernels;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// Compares two operands (affinity already applied by the planner) in SQLite's value order and
/// yields INTEGER 1/0, or NULL when an operand is NULL (except for IS / IS NOT). With
/// <c>textAsNumber</c>, a TEXT operand facing a number is read as a number where it is well-formed
/// number text (SQLite's numeric affinity for a TEXT column compared with a numeric column).
/// </summary>
public sealed class ComparisonExpression(ComparisonOperator op, VectorExpression left, VectorExpression right, bool textAsNumber = false)
    : VectorExpression(ValueKind.Integer)
{
    public override bool IsParallelSafe => left.IsParallelSafe && right.IsParallelSafe;

    private interface ISign
    {
        static abstract bool Accepts(int order);
    }

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var a = left.Evaluate(chunk);
        var nullSafe = op is ComparisonOperator.Is or ComparisonOperator.IsNot;
        if (!nullSafe && right is ConstantExpression { Value: long or double } constant && a.Kind == constant.Kind)
        {
            return AgainstConstantValue(chunk, a, constant.Value);
        }

        // Rented when the consumer gives it back at once (an AND / OR operand: tpch-q12's two date comparisons
        // allocated half its bytes here); unspecified at rows not selected, which nothing reads.
        var length = chunk.PhysicalLength;
        var result = ConsumedAtOnce ? ChunkArrays<long>.Rent(length) : new long[length];

        var b = right.Evaluate(chunk);
        if (ComparesAsBytes(a) && ComparesAsBytes(b))
        {
            if (CodesOf(a) is { } leftCodes && CodesOf(b) is { } rightCodes)
            {
                Dispatch(new CodedTexts(chunk.Selection, leftCodes, rightCodes, a.Utf8Texts, b.Utf8Texts, result));
            }
            else
            {
                Dispatch(new StoredTexts(chunk.Selection, a.Utf8Texts, b.Utf8Texts, result));
            }
        }
        else
        {
            var order = ChunkArrays<int>.Rent(length);
            if (a.Kind == ValueKind.Dynamic || b.Kind == ValueKind.Dynamic)
            {
                CompareDynamicRows(chunk.Selection, a, b, order, textAsNumber);
            }
            else if (textAsNumber && IsNumber(a.Kind) != IsNumber(b.Kind))
            {
                CompareWithNumericText(chunk.Selection, a, b, order);
            }
            else
            {
                CompareRows(chunk.Selection, a, b, order);
            }

            Dispatch(new FromOrder(chunk.Selection, order, result));
            ChunkArrays<int>.Return(order);
        }

        if (!nullSafe)
        {
            return ConsumedAtOnce ? ColumnVector.OfPooled(result, length, RentedUnionNulls(chunk, a, b)) : ColumnVector.OfLongs(result, UnionNulls(chunk, a, b));
        }

        foreach (var i in chunk.Selection)
        {
            if (a.IsNull(i) || b.IsNull(i))
            {
                result[i] = (a.IsNull(i) && b.IsNull(i)) == (op == ComparisonOperator.Is) ? 1 : 0;
            }
        }

        return ConsumedAtOnce ? ColumnVector.OfPooled(result, length, null) : ColumnVector.OfLongs(result, null);
    }

    /// <summary>As <see cref="VectorExpression.UnionNulls"/> for two operands, into a rented array (null when neither has NULLs).</summary>
    private static bool[]? RentedUnionNulls(Chunk chunk, ColumnVector a, ColumnVector b)
    {
        if (a.Nulls is null && b.Nulls is null)
        {
            return null;
        }

        var nulls = ColumnVector.RentNulls(chunk.PhysicalLength);
        foreach (var i in chunk.Selection)
        {
            nulls[i] = a.IsNull(i) || b.IsNull(i);
        }

        return nulls;
    }

    /// <summary>
    /// For a comparison of an INTEGER or REAL operand with a constant of its kind (a CASE condition
    /// such as <c>ResolutionWidth &gt;= 1280</c>): splits the chunk's selected rows into those where it
    /// is true and the others (false or NULL) without a result vector. False, with nothing written,
    /// for any other shape of comparison.
    /// </summary>
    internal bool TrySplit(Chunk chunk, Span<int> matched, Span<int> others, out int matchedCount, out int othersCount)
    {
        matchedCount = othersCount = 0;
        if (!AgainstConstantOfItsKind(out var constant))
        {
            return false;
        }

        var a = left.Evaluate(chunk);
        Span<int> counts = stackalloc int[2];
        if (a.Kind == ValueKind.Integer)
        {
            Dispatch(new SplitAgainstConstant<long>(chunk.Selection, a.LongValues, a.Nulls, (long)constant, matched, others, counts));
        }
        else
        {
            Dispatch(new SplitAgainstConstant<double>(chunk.Selection, a.DoubleValues, a.Nulls, (double)constant, matched, others, counts));
        }

        matchedCount = counts[0];
        othersCount = counts[1];
        return true;
    }

    /// <summary>
    /// For the shapes <see cref="TrySplit"/> takes: writes <paramref name="whenTrue"/> into <paramref name="codes"/> at each
    /// selected row where the comparison holds and <paramref name="otherwise"/> where it is false or NULL, in one pass
    /// (a one-branch CASE's group key codes). False, with nothing written, for any other shape.
    /// </summary>
    internal bool TryCode(Chunk chunk, long[] codes, long whenTrue, long otherwise)
    {
        if (!AgainstConstantOfItsKind(out var constant))
        {
            return false;
        }

        var a = left.Evaluate(chunk);
        if (a.Kind == ValueKind.Integer)
        {
            Dispatch(new CodeAgainstConstant<long>(chunk.Selection, a.LongValues, a.Nulls, (long)constant, codes, whenTrue, otherwise));
        }
        else
        {
            Dispatch(new CodeAgainstConstant<double>(chunk.Selection, a.DoubleValues, a.Nulls, (double)constant, codes, whenTrue, otherwise));
        }

        return true;
    }

    /// <summary>Whether this compares an operand with an INTEGER or REAL constant of its kind (not IS / IS NOT), and that constant.</summary>
    private bool AgainstConstantOfItsKind([NotNullWhen(true)] out object? constant)
    {
        constant = op is not (ComparisonOperator.Is or ComparisonOperator.IsNot) && right is ConstantExpression { Value: long or double } c && left.Kind == c.Kind ? c.Value : null;
        return constant is not null;
    }

    /// <summary>
    /// The common filter shape (column &lt;op&gt; constant): one typed loop, no order array; into pooled
    /// arrays when the result is consumed at once (a CASE condition, an operand).
    /// </summary>
    private ColumnVector AgainstConstantValue(Chunk chunk, ColumnVector a, object constant)
    {
        var length = chunk.PhysicalLength;
        var result = ConsumedAtOnce ? ChunkArrays<long>.Rent(length) : new long[length];
        if (a.Kind == ValueKind.Integer)
        {
            Dispatch(new AgainstConstant<long>(chunk.Selection, a.LongValues, (long)constant, result));
        }
        else
        {
            Dispatch(new AgainstConstant<double>(chunk.Selection, a.DoubleValues, (double)constant, result));
        }

        if (!ConsumedAtOnce)
        {
            return ColumnVector.OfLongs(result, (bool[]?)a.Nulls?.Clone());
        }

        bool[]? nulls = null;
        if (a.Nulls is { } operandNulls)
        {
            nulls = ColumnVector.RentNulls(length);
            foreach (var i in chunk.Selection)
            {
                nulls[i] = operandNulls[i];
            }
        }

        return ColumnVector.OfPooled(result, length, nulls);
    }

    /// <summary>Runs a loop specialised (by the JIT, through struct generics) for this operator.</summary>
    private void Dispatch<TLoop>(TLoop loop)
        where TLoop : struct, ILoop, allows ref struct
    {
        switch (op)
        {
            case ComparisonOperator.Equal or ComparisonOperator.Is: loop.Run<EqualSign>(); break;
            case ComparisonOperator.NotEqual or ComparisonOperator.IsNot: loop.Run<NotEqualSign>(); break;
            case ComparisonOperator.Less: loop.Run<LessSign>(); break;
            case ComparisonOperator.LessOrEqual: loop.Run<LessOrEqualSign>(); break;
            case ComparisonOperator.Greater: loop.Run<GreaterSign>(); break;
            default: loop.Run<GreaterOrEqualSign>(); break;
        }
    }

    private interface ILoop
    {
        void Run<TSign>()
            where TSign : struct, ISign;
    }

    private readonly struct FromOrder(int[] rows, int[] order, long[] result) : ILoop
    {
        public void Run<TSign>()
            where TSign : struct, ISign
        {
            foreach (var i in rows)
            {
                result[i] = TSign.Accepts(order[i]) ? 1 : 0;
            }
        }
    }

    private readonly ref struct AgainstConstant<T>(int[] rows, ReadOnlySpan<T> values, T constant, long[] result) : ILoop
        where T : struct, IComparable<T>
    {
        private readonly ReadOnlySpan<T> _values = values;

        public void Run<TSign>()
            where TSign : struct, ISign
        {
            foreach (var i in rows)
            {
                result[i] = TSign.Accepts(_values[i].CompareTo(constant)) ? 1 : 0;
            }
        }
    }

    /// <summary>The rows where the comparison with a constant holds into <c>matched</c>, the others (NULL included) into <c>others</c>; the two counts into <c>counts</c>.</summary>
    private readonly ref struct SplitAgainstConstant<T>(int[] rows, ReadOnlySpan<T> values, bool[]? nulls, T constant, Span<int> matched, Span<int> others, Span<int> counts) : ILoop
        where T : struct, IComparable<T>
    {
        private readonly ReadOnlySpan<T> _values = values;
        private readonly Span<int> _matched = matched;
        private readonly Span<int> _others = others;
        private readonly Span<int> _counts = counts;

        public void Run<TSign>()
            where TSign : struct, ISign
        {
            var m = 0;
            var o = 0;
            foreach (var i in rows)
            {
                var holds = TSign.Accepts(_values[i].CompareTo(constant)) && (nulls is null || !nulls[i]);
                _matched[m] = i;
                _others[o] = i;
                m += holds ? 1 : 0;
                o += holds ? 0 : 1;
            }

            _counts[0] = m;
            _counts[1] = o;
        }
    }

    /// <summary>Each selected row's code: <c>whenTrue</c> where the comparison with a constant holds, <c>otherwise</c> where it is false or NULL.</summary>
    private readonly ref struct CodeAgainstConstant<T>(int[] rows, ReadOnlySpan<T> values, bool[]? nulls, T constant, long[] codes, long whenTrue, long otherwise) : ILoop
        where T : struct, IComparable<T>
    {
        private readonly ReadOnlySpan<T> _values = values;

        public void Run<TSign>()
            where TSign : struct, ISign
        {
            foreach (var i in rows)
            {
                codes[i] = TSign.Accepts(_values[i].CompareTo(constant)) && (nulls is null || !nulls[i]) ? whenTrue : otherwise;
            }
        }
    }

    private readonly struct EqualSign : ISign
    {
        public static bool Accepts(int order) => order == 0;
    }

    private readonly struct NotEqualSign : ISign
    {
        public static bool Accepts(int order) => order != 0;
    }

    private readonly struct LessSign : ISign
    {
        public static bool Accepts(int order) => order < 0;
    }

    private readonly struct LessOrEqualSign : ISign
    {
        public static bool Accepts(int order) => order <= 0;
    }

    private readonly struct GreaterSign : ISign
    {
        public static bool Accepts(int order) => order > 0;
    }

    private readonly struct GreaterOrEqualSign : ISign
    {
        public static bool Accepts(int order) => order >= 0;
    }

    /// <summary>
    /// True for stored UTF-8 text whose byte order is BINARY order (well-formed UTF-8: byte order is code
    /// point order). A table column's segment is checked once for its life, by its zone map, instead of
    /// once per chunk: tpch-q12 spent 7% of its CPU checking its three date columns' bytes chunk by chunk.
    /// </summary>
    private static bool ComparesAsBytes(ColumnVector v) =>
        v is { Kind: ValueKind.Text, HasUtf8: true }
        && ((v.StoredUtf8Column is not null && ZoneMap.Of(v.StoredUtf8Array!) is { WellFormedText: true }) || v.Utf8IsAscii);

    /// <summary>
    /// Two stored text operands (tpch-q12's <c>l_commitdate &lt; l_receiptdate</c>) compared as bytes
    /// into the result in one loop, without decoding a string or filling an order array per row
    /// (NULL rows compare their empty bytes; the caller's NULL array covers them).
    /// </summary>
    private readonly ref struct StoredTexts(int[] rows, Utf8Rows left, Utf8Rows right, long[] result) : ILoop
    {
        private readonly Utf8Rows _left = left;
        private readonly Utf8Rows _right = right;

        public void Run<TSign>()
            where TSign : struct, ISign
        {
            foreach (var i in rows)
            {
                result[i] = TSign.Accepts(_left[i].SequenceCompareTo(_right[i])) ? 1 : 0;
            }
        }
    }

    /// <summary>
    /// The dictionary codes (<see cref="StoredTextCodes.ForPredicate"/>) and their keys of a table
    /// segment's text operand, or null: codes are made on a predicate's second read of the segment
    /// (a read from its first row counts), and only for a segment with few distinct texts.
    /// </summary>
    private static CodedOperand? CodesOf(ColumnVector v)
    {
        if (v.StoredUtf8Column is null || v.StoredUtf8Array is not { } array
            || StoredTextCodes.ForPredicate(array, countRead: v.StoredUtf8Start == 0) is not { } codes)
        {
            return null;
        }

        return new CodedOperand(codes.Codes, v.StoredUtf8Start, codes.Keys(array).Halves);
    }

    /// <summary>A coded operand: the segment's codes from the vector's row 0 on, and each code's two key halves.</summary>
    private sealed record CodedOperand(ushort[] Codes, int Start, ulong[] Halves);

    /// <summary>
    /// Two coded text operands (<see cref="CodeKeys"/>) compared by their codes' keys, as the bytes
    /// compare: the keys' first halves, then their second; only two texts longer than 15 bytes that
    /// share those bytes compare their bytes.
    /// </summary>
    private readonly ref struct CodedTexts(int[] rows, CodedOperand left, CodedOperand right, Utf8Rows leftTexts, Utf8Rows rightTexts, long[] result) : ILoop
    {
        private readonly ReadOnlySpan<ushort> _leftCodes = left.Codes.AsSpan(left.Start);
        private readonly ReadOnlySpan<ushort> _rightCodes = right.Codes.AsSpan(right.Start);
        private readonly Utf8Rows _leftTexts = leftTexts;
        private readonly Utf8Rows _rightTexts = rightTexts;

        public void Run<TSign>()
            where TSign : struct, ISign
        {
            var leftKeys = left.Halves;
            var rightKeys = right.Halves;
            foreach (var i in rows)
            {
                var x = 2 * _leftCodes[i];
                var y = 2 * _rightCodes[i];
                int order;
                if (leftKeys[x] != rightKeys[y])
                {
                    order = leftKeys[x].CompareTo(rightKeys[y]);
                }
                else if (leftKeys[x + 1] != rightKeys[y + 1])
                {
                    order = leftKeys[x + 1].CompareTo(rightKeys[y + 1]);
                }
                else
                {
                    order = (byte)leftKeys[x + 1] == CodeKeys.Longer ? _leftTexts[i].SequenceCompareTo(_rightTexts[i]) : 0;
                }

                result[i] = TSign.Accepts(order) ? 1 : 0;
            }
        }
    }

    /// <summary>Fills <paramref name="order"/> with the sign of left vs right for each selected row (NULL rows: anything).</summary>
    private static void CompareRows(int[] rows, ColumnVector a, ColumnVector b, int[] order)
    {
        switch (a.Kind, b.Kind)
        {
            case (ValueKind.Integer, ValueKind.Integer):
                foreach (var i in rows)
                {
                    order[i] = a.Longs[i].CompareTo(b.Longs[i]);
                }

                break;
            case (ValueKind.Real, ValueKind.Real):
                foreach (var i in rows)
                {
                    order[i] = a.Doubles[i].CompareTo(b.Doubles[i]);
                }

                break;
            case (ValueKind.Integer, ValueKind.Real):
                foreach (var i in rows)
                {
                    order[i] = ValueOrder.CompareIntReal(a.Longs[i], b.Doubles[i]);
                }

                break;
            case (ValueKind.Real, ValueKind.Integer):
                foreach (var i in rows)
                {
                    order[i] = -ValueOrder.CompareIntReal(b.Longs[i], a.Doubles[i]);
                }

                break;
            case (ValueKind.Text, ValueKind.Text):
                foreach (var i in rows)
                {
                    order[i] = a.IsNull(i) || b.IsNull(i) ? 0 : TextKernels.CompareBinary(a.Texts[i], b.Texts[i]);
                }

                break;
            case (ValueKind.Blob, ValueKind.Blob):
                foreach (var i in rows)
                {
                    order[i] = a.IsNull(i) || b.IsNull(i) ? 0 : TextKernels.CompareBlobs(a.Blobs[i], b.Blobs[i]);
                }

                break;
            default:
                var sign = Rank(a.Kind).CompareTo(Rank(b.Kind));
                foreach (var i in rows)
                {
                    order[i] = sign;
                }

                break;
        }
    }

    private static bool IsNumber(ValueKind kind) => kind is ValueKind.Integer or ValueKind.Real;

    /// <summary>Number vs TEXT (either side): number-like text compares numerically, other text is greater than any number.</summary>
    private static void CompareWithNumericText(int[] rows, ColumnVector a, ColumnVector b, int[] order)
    {
        var (numbers, texts, sign) = IsNumber(a.Kind) ? (a, b, 1) : (b, a, -1);
        foreach (var i in rows)
        {
            if (numbers.IsNull(i) || texts.IsNull(i) || texts.Kind != ValueKind.Text)
            {
                order[i] = texts.Kind == ValueKind.Text ? 0 : -sign;
                continue;
            }

            var number = numbers.Kind == ValueKind.Integer ? (object)numbers.Longs[i] : numbers.Doubles[i];
            order[i] = sign * (NumericText.TryWellFormed(texts.Texts[i]) is { } parsed ? ValueOrder.Compare(number, parsed) : -1);
        }
    }

    /// <summary>
    /// Row by row, for operands of which one has a per-row class: numbers compare exactly, text
    /// facing a number is read as one where well-formed if <paramref name="textAsNumber"/>, else
    /// NULL &lt; numbers &lt; text &lt; blob.
    /// </summary>
    private static void CompareDynamicRows(int[] rows, ColumnVector a, ColumnVector b, int[] order, bool textAsNumber)
    {
        foreach (var i in rows)
        {
            if (a.IsNull(i) || b.IsNull(i))
            {
                continue;
            }

            var (x, y) = (a.KindAt(i), b.KindAt(i));
            if (IsNumber(x) && IsNumber(y))
            {
                order[i] = (x, y) switch
                {
                    (ValueKind.Integer, ValueKind.Integer) => a.LongAt(i).CompareTo(b.LongAt(i)),
                    (ValueKind.Real, ValueKind.Real) => a.DoubleAt(i).CompareTo(b.DoubleAt(i)),
                    (ValueKind.Integer, _) => ValueOrder.CompareIntReal(a.LongAt(i), b.DoubleAt(i)),
                    _ => -ValueOrder.CompareIntReal(b.LongAt(i), a.DoubleAt(i)),
                };
            }
            else if (x == ValueKind.Text && y == ValueKind.Text)
            {
                order[i] = TextKernels.CompareBinary(a.TextAt(i), b.TextAt(i));
            }
            else
            {
                var (left, right) = (a.GetValue(i)!, b.GetValue(i)!);
                if (textAsNumber)
                {
                    left = left is string s && IsNumber(y) ? NumericText.TryWellFormed(s) ?? left : left;
                    right = right is string t && IsNumber(x) ? NumericText.TryWellFormed(t) ?? right : right;
                }

                order[i] = ValueOrder.Compare(left, right);
            }
        }
    }

    private static int Rank(ValueKind kind) => kind switch
    {
        ValueKind.Integer or ValueKind.Real => 1,
        ValueKind.Text => 2,
        _ => 3,
    };
}
