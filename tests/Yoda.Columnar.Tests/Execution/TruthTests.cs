using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="Truth.Evaluate"/>: 1 for a non-zero number, 0 for zero, -1 for NULL, for the selected rows
/// only (the others stay 0); INTEGERs (what comparisons give) through their own loop, from computed or
/// stored values, the other kinds read as numbers. <see cref="Truth.OfOperand"/> gives back the operand's pooled
/// vector but never a column of the chunk; <see cref="Truth.RowsWhere"/> returns the selection itself when it keeps all.
/// </summary>
public sealed class TruthTests
{
    [Fact]
    public void Integers_are_true_when_not_zero_and_null_when_null()
    {
        var v = VectorBuilders.Longs(0, 1, null, -5, long.MinValue, 0);
        var chunk = new Chunk([v], 6, [1, 2, 3, 4, 5]);
        Assert.Equal([0, 1, -1, 1, 1, 0], Truth.Evaluate(chunk, v).Select(t => (int)t));
    }

    [Fact]
    public void Stored_integers_are_read_where_the_slice_starts()
    {
        var stored = new Int64Array.Builder().AppendRange([7, 0, 3, 0, 0]).Build();
        var v = ColumnVector.OfStoredLongs(stored, 1, 4, null);
        Assert.Equal([0, 1, 0, 0], Truth.Evaluate(Chunk.Dense([v], 4), v).Select(t => (int)t));
    }

    [Fact]
    public void Reals_and_texts_are_read_as_numbers()
    {
        var reals = VectorBuilders.Doubles(0.0, 0.5, null, -0.0);
        Assert.Equal([0, 1, -1, 0], Truth.Evaluate(Chunk.Dense([reals], 4), reals).Select(t => (int)t));
        var texts = VectorBuilders.Texts("0", "2x", "abc", null, "0.1");
        Assert.Equal([0, 1, 0, -1, 1], Truth.Evaluate(Chunk.Dense([texts], 5), texts).Select(t => (int)t));
    }

    [Fact]
    public void Of_operand_gives_back_a_pooled_result_but_not_a_pooled_column_of_the_chunk()
    {
        var column = ColumnVector.Rent(ValueKind.Integer, 4, withNulls: false);
        new long[] { 0, 3, 5, 1 }.CopyTo(column.Longs, 0);
        var chunk = new Chunk([column], 4, [0, 1, 3]);

        var truth = Truth.OfOperand(new ColumnExpression(0, ValueKind.Integer), chunk);
        Assert.Equal([0, 1, 1], new[] { truth[0], truth[1], truth[3] }.Select(t => (int)t));
        Assert.True(column.IsPooled);
        Truth.Return(truth);

        var result = ColumnVector.Rent(ValueKind.Integer, 4, withNulls: true);
        result.Nulls![1] = true;
        truth = Truth.OfOperand(new FixedExpression(result), chunk);
        Assert.Equal([0, -1, 0], new[] { truth[0], truth[1], truth[3] }.Select(t => (int)t));
        Assert.False(result.IsPooled);
        Truth.Return(truth);
        column.ReturnToPool();
    }

    [Fact]
    public void Rows_where_returns_the_selection_when_all_are_kept_else_an_exact_copy()
    {
        int[] selection = [1, 3, 4];
        sbyte[] truth = [-1, 1, 0, 1, 1];
        Assert.Same(selection, Truth.RowsWhere(selection, truth, 1, equal: true));
        Assert.Equal([2], Truth.RowsWhere([2, 3], truth, 1, equal: false));
        Assert.Equal([0, 2], Truth.RowsWhere([0, 1, 2, 3, 4], truth, 1, equal: false));
        Assert.Empty(Truth.RowsWhere(selection, truth, 0, equal: true));
    }

    /// <summary>Gives the same vector for every chunk.</summary>
    private sealed class FixedExpression(ColumnVector vector) : VectorExpression(vector.Kind)
    {
        public override ColumnVector Evaluate(Chunk chunk) => vector;
    }
}
