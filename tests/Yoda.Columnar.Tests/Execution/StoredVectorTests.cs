using Apache.Arrow;
using Yoda.Columnar.Execution;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>Vectors read from storage refer to the stored Arrow values until code asks for arrays or strings.</summary>
public class StoredVectorTests
{
    [Fact]
    public void A_stored_text_vector_decodes_its_selected_rows_once_and_single_rows_on_demand()
    {
        var array = new StringArray.Builder().Append("skip").Append("one").AppendNull().Append("two").Append("three").Build();
        var nulls = new[] { false, true, false, false };
        var vector = ColumnVector.OfUtf8(array, 1, 4, [0, 1, 2], nulls, new TextDecoder());

        Assert.True(vector.HasUtf8);
        Assert.Equal("two", vector.TextOf(2));
        Assert.Equal("three"u8.ToArray(), vector.Utf8At(3).ToArray());
        Assert.Equal(["one", string.Empty, "two", string.Empty], vector.Texts);
        Assert.Same(vector.Texts, vector.Texts);
    }

    [Fact]
    public void Stored_numbers_are_read_in_place_and_copied_on_first_use_of_the_array()
    {
        var longs = new Int64Array.Builder().AppendRange([1, 2, 3, 4, 5]).Build();
        var doubles = new DoubleArray.Builder().AppendRange([0.5, 1.5, 2.5]).Build();
        var ints = ColumnVector.OfStoredLongs(longs, 1, 3, null);
        var reals = ColumnVector.OfStoredDoubles(doubles, 2, 1, null);

        Assert.Equal([2L, 3, 4], ints.LongValues.ToArray());
        Assert.Equal([2.5], reals.DoubleValues.ToArray());
        Assert.Equal(4, ints.LongAt(2));

        // Code that writes to the array writes to a copy: storage never changes, and the vector reads its copy from then on.
        ints.Longs[0] = 99;
        reals.Doubles[0] = -1;
        Assert.Equal([99L, 3, 4], ints.LongValues.ToArray());
        Assert.Equal([-1.0], reals.DoubleValues.ToArray());
        Assert.Equal([1L, 2, 3, 4, 5], longs.Values.ToArray());
        Assert.Equal([0.5, 1.5, 2.5], doubles.Values.ToArray());
    }
}
