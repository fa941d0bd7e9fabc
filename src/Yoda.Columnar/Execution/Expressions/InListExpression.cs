using System.Text;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// <c>x IN (c1, c2, …)</c> as a value (the OR of <c>x = c</c> the binder makes of it, recognised by
/// the planner): INTEGER 1 where x equals one of the constants; NULL where x is NULL, or where it
/// matches none and a constant is NULL (SQLite's IN); else 0. The constants are non-NULL values of
/// x's kind (affinity already applied) or NULL; x is evaluated once and each row tested in one loop,
/// where the OR tree evaluated one comparison vector and one truth array per item. Texts compare as
/// bytes (BINARY) straight from storage where the rows are undecoded UTF-8.
/// </summary>
public sealed class InListExpression : VectorExpression
{
    private readonly VectorExpression _operand;
    private readonly long[] _longs;
    private readonly double[] _doubles;
    private readonly string[] _texts;
    private readonly byte[][] _utf8;
    private readonly (long Low, ulong Width)? _run;
    private readonly bool _listHasNull;

    // A stored text that is not valid UTF-8 decodes with U+FFFD in place of its bad bytes: against a
    // constant holding U+FFFD the decoded strings decide, as the comparison of strings would.
    private readonly bool _bytesDecide;

    /// <param name="constants">Non-NULL constants of <paramref name="operand"/>'s kind (INTEGER, REAL or TEXT), or null.</param>
    public InListExpression(VectorExpression operand, IReadOnlyList<object?> constants)
        : base(ValueKind.Integer)
    {
        if (operand.Kind is not (ValueKind.Integer or ValueKind.Real or ValueKind.Text))
        {
            throw new ArgumentException($"no IN list kernel for {operand.Kind} values", nameof(operand));
        }

        _operand = operand;
        operand.MarkConsumedAtOnce();
        _listHasNull = constants.Any(c => c is null);
        _longs = [.. constants.OfType<long>().Distinct()];
        _doubles = [.. constants.OfType<double>().Distinct()];
        _texts = [.. constants.OfType<string>().Distinct(StringComparer.Ordinal)];
        _utf8 = [.. _texts.Select(Encoding.UTF8.GetBytes)];
        _bytesDecide = !_texts.Any(t => t.Contains('\uFFFD', StringComparison.Ordinal));
        _run = InListPredicate.RunOf(_longs);
    }

    public override bool IsParallelSafe => _operand.IsParallelSafe;

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var a = _operand.Evaluate(chunk);
        var length = chunk.PhysicalLength;
        var rows = chunk.Selection;
        var result = ConsumedAtOnce ? ChunkArrays<long>.Rent(length) : new long[length];
        switch (a.Kind)
        {
            case ValueKind.Integer when _run is { } run:
                MarkRun(a.LongValues, run.Low, run.Width, rows, result);
                break;
            case ValueKind.Integer:
                Mark(a.LongValues, _longs, rows, result);
                break;
            case ValueKind.Real:
                Mark(a.DoubleValues, _doubles, rows, result);
                break;
            case ValueKind.Text when a.HasUtf8 && _bytesDecide:
                MarkUtf8(a, rows, result);
                break;
            default:
                MarkStrings(a.Texts, a.Nulls, rows, result);
                break;
        }

        var nulls = a.Nulls is not null || _listHasNull ? Nulls(a.Nulls, rows, result, length) : null;
        a.ReturnToPool();
        return ConsumedAtOnce ? ColumnVector.OfPooled(result, length, nulls) : ColumnVector.OfLongs(result, nulls);
    }

    /// <summary>NULL where the operand is NULL, and (with a NULL in the list) where no constant matched.</summary>
    private bool[] Nulls(bool[]? operandNulls, int[] rows, long[] result, int length)
    {
        var nulls = ConsumedAtOnce ? ChunkArrays<bool>.Rent(length) : new bool[length];
        var unmatchedIsNull = _listHasNull;
        foreach (var i in rows)
        {
            nulls[i] = (operandNulls is not null && operandNulls[i]) || (unmatchedIsNull && result[i] == 0);
        }

        return nulls;
    }

    private static void MarkRun(ReadOnlySpan<long> values, long low, ulong width, int[] rows, long[] result)
    {
        foreach (var i in rows)
        {
            result[i] = (ulong)(values[i] - low) <= width ? 1 : 0;
        }
    }

    private static void Mark<T>(ReadOnlySpan<T> values, T[] constants, int[] rows, long[] result)
        where T : struct, IEquatable<T>
    {
        var set = constants.AsSpan();
        foreach (var i in rows)
        {
            result[i] = set.Contains(values[i]) ? 1 : 0;
        }
    }

    private void MarkUtf8(ColumnVector a, int[] rows, long[] result)
    {
        var stored = a.Utf8Texts;
        var nulls = a.Nulls;
        foreach (var i in rows)
        {
            var found = 0L;
            if (nulls is null || !nulls[i])
            {
                var text = stored[i];
                foreach (var constant in _utf8)
                {
                    if (text.SequenceEqual(constant))
                    {
                        found = 1;
                        break;
                    }
                }
            }

            result[i] = found;
        }
    }

    private void MarkStrings(string[] texts, bool[]? nulls, int[] rows, long[] result)
    {
        foreach (var i in rows)
        {
            var found = 0L;
            if (nulls is null || !nulls[i])
            {
                var text = texts[i];
                foreach (var constant in _texts)
                {
                    if (string.Equals(text, constant, StringComparison.Ordinal))
                    {
                        found = 1;
                        break;
                    }
                }
            }

            result[i] = found;
        }
    }
}
