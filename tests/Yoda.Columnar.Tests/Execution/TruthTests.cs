using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="Truth.Evaluate"/>: 1 for a non-zero number, 0 for zero, -1 for NULL, for the selected rows
/// only (the others stay 0); INTEGERs (what comparisons give) through their own loop, from computed or
/// stored values, the other kinds read as numbers.
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
}
