using Yoda.Columnar.Execution;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="MorselKeyRange.MostDistinctKeys"/>, the bound a morsel's group table and sums are made for at once: the
/// values in the range, NULL one more, never more than the rows, and no overflow for a range as wide as the 64-bit values.
/// </summary>
public sealed class MorselKeyRangeTests
{
    [Theory]
    [InlineData(true, 10, 19, false, 1_000, 10)]                       // the range is narrower than the rows
    [InlineData(true, 10, 19, true, 1_000, 11)]                        // NULL is a key of its own
    [InlineData(true, 0, 1_000_000, true, 64, 64)]                     // the rows are fewer than the range's values
    [InlineData(true, 5, 5, false, 3, 1)]                              // one value
    [InlineData(false, 0, 0, true, 7, 1)]                              // only NULLs
    [InlineData(false, 0, 0, false, 0, 0)]                             // no rows
    [InlineData(true, long.MinValue, long.MaxValue, true, 100, 100)]   // the widest range
    [InlineData(true, long.MinValue, long.MaxValue, false, int.MaxValue, int.MaxValue)] // rows unknown
    public void Keys_are_bounded_by_the_range_and_the_rows(bool hasValues, long min, long max, bool hasNulls, int rows, int expected) =>
        Assert.Equal(expected, new MorselKeyRange(hasValues, min, max, hasNulls, rows).MostDistinctKeys);
}
