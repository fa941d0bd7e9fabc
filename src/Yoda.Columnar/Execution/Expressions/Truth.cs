using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Expressions;

/// <summary>SQLite's truth value of a value: non-zero numbers are true; text and blobs are read as numbers first.</summary>
public static class Truth
{
    /// <summary>For each selected row: 1 true, 0 false, -1 NULL.</summary>
    public static sbyte[] Evaluate(Chunk chunk, ColumnVector v)
    {
        var truth = new sbyte[chunk.PhysicalLength];
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
