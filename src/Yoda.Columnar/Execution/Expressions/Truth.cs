using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>SQLite's truth value of a value: non-zero numbers are true; text and blobs are read as numbers first.</summary>
public static class Truth
{
    /// <summary>For each selected row: 1 true, 0 false, -1 NULL.</summary>
    public static sbyte[] Evaluate(Chunk chunk, ColumnVector v) => Fill(chunk, v, new sbyte[chunk.PhysicalLength]);

    /// <summary>
    /// The truth values of <paramref name="operand"/> over the selected rows, in an array rented from
    /// <see cref="ChunkArrays{T}"/> (give it back with <see cref="Return"/>; unselected rows unspecified).
    /// The operand's vector is given back to the pool once read, unless it is one of the chunk's columns,
    /// which others read on; the operand's one consumer is the caller, so it may rent its result
    /// (<see cref="VectorExpression.ConsumedAtOnce"/>). A filter, AND / OR and NOT allocate nothing per chunk
    /// for their truth values (tpch-q12's two date comparisons, tpch-q18's HAVING).
    /// </summary>
    public static sbyte[] OfOperand(VectorExpression operand, Chunk chunk)
    {
        var vector = operand.Evaluate(chunk);
        var truth = Fill(chunk, vector, ChunkArrays<sbyte>.Rent(chunk.PhysicalLength));
        if (Array.IndexOf(chunk.Columns, vector) < 0)
        {
            vector.ReturnToPool();
        }

        return truth;
    }

    /// <summary>Gives back an array from <see cref="OfOperand"/>.</summary>
    public static void Return(sbyte[] truth) => ChunkArrays<sbyte>.Return(truth);

    /// <summary>
    /// The selected rows whose truth value is (or, with <paramref name="equal"/> false, is not) <paramref name="value"/>:
    /// <paramref name="selection"/> itself when that is all of them, else an array of just those rows, found in a
    /// rented scratch array (one allocation of the rows kept, none when all are).
    /// </summary>
    public static int[] RowsWhere(int[] selection, sbyte[] truth, sbyte value, bool equal)
    {
        var scratch = ChunkArrays<int>.Rent(selection.Length);
        var count = 0;
        foreach (var i in selection)
        {
            scratch[count] = i;
            count += (truth[i] == value) == equal ? 1 : 0;
        }

        var rows = count == selection.Length ? selection : scratch[..count];
        ChunkArrays<int>.Return(scratch);
        return rows;
    }

    private static sbyte[] Fill(Chunk chunk, ColumnVector v, sbyte[] truth)
    {
        if (v.Kind == ValueKind.Integer)
        {
            // Comparisons and logic give INTEGER 0 / 1 / NULL: a loop of their own, without the per-row
            // switch on the kind (a HAVING over 150,000 groups, tpch-q18's IN subquery).
            IntegerTruth(chunk.Selection, v.LongValues, v.Nulls, truth);
            return truth;
        }

        foreach (var i in chunk.Selection)
        {
            truth[i] = v.IsNull(i)
                ? (sbyte)-1
                : v.Kind switch
                {
                    ValueKind.Real => v.Doubles[i] != 0,
                    ValueKind.Text => NumericText.ToReal(v.Texts[i]) != 0,
                    ValueKind.Dynamic => NumericText.RealOf(v.Dynamic.Get(i)) != 0,
                    _ => NumericText.ToReal(Encoding.UTF8.GetString(v.Blobs[i])) != 0,
                } ? (sbyte)1 : (sbyte)0;
        }

        return truth;
    }

    private static void IntegerTruth(ReadOnlySpan<int> rows, ReadOnlySpan<long> values, bool[]? nulls, sbyte[] truth)
    {
        foreach (var i in rows)
        {
            truth[i] = nulls is not null && nulls[i] ? (sbyte)-1 : values[i] != 0 ? (sbyte)1 : (sbyte)0;
        }
    }
}
