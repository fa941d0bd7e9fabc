using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class RealFormatterTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.0, "-2.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e20, "1.0e+20")]
    [InlineData(1e16, "10000000000000000.0")]
    [InlineData(1e17, "1.0e+17")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(123456789012345.0, "123456789012345.0")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-530.8, "-530.8")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e300, "1.0e+300")]
    [InlineData(double.PositiveInfinity, "Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Renders_like_sqlite(double value, string expected) => Assert.Equal(expected, RealFormatter.Format(value));

    [Fact]
    public void Uses_17_digits_when_the_short_form_does_not_read_back()
    {
        Assert.Equal("32.020000457763672", RealFormatter.Format((float)32.02));
        Assert.Equal("0.33333333333333332", RealFormatter.Format(1.0 / 3.0));
    }
}
