using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class TextKernelTests
{
    [Theory]
    [InlineData("abc", "abd", -1)]
    [InlineData("abc", "ab", 1)]
    [InlineData("B", "a", -1)]
    [InlineData("\uFFFD", "😀", -1)]
    [InlineData("é", "z", 1)]
    [InlineData("", "", 0)]
    public void Binary_collation_orders_like_utf8_bytes(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(TextKernels.CompareBinary(a, b)));

    [Theory]
    [InlineData("hello", 2, null, "ello")]
    [InlineData("hello", 1, 3L, "hel")]
    [InlineData("hello", -3, null, "llo")]
    [InlineData("hello", -3, 2L, "ll")]
    [InlineData("hello", 0, 2L, "h")]
    [InlineData("hello", 3, -2L, "he")]
    [InlineData("hello", 10, 2L, "")]
    [InlineData("a😀b", 2, 1L, "😀")]
    public void Substring_follows_sqlite(string s, long start, long? length, string expected) =>
        Assert.Equal(expected, TextKernels.Substring(s, start, length));

    [Fact]
    public void Length_counts_characters_and_case_mapping_is_ascii_only()
    {
        Assert.Equal(3, TextKernels.CodePointLength("a😀b"));
        Assert.Equal("abcé", TextKernels.AsciiLower("ABCé"));
        Assert.Equal("ABCé", TextKernels.AsciiUpper("abcé"));
    }

    [Theory]
    [InlineData("a%", "abc", true)]
    [InlineData("A%", "abc", true)]
    [InlineData("%c", "abc", true)]
    [InlineData("_b_", "abc", true)]
    [InlineData("_b", "abc", false)]
    [InlineData("%", "", true)]
    [InlineData("a%b%c", "aXXbYYc", true)]
    [InlineData("a%b%c", "aXXbYY", false)]
    [InlineData("é", "É", false)]
    [InlineData("_", "😀", true)]
    public void Like_matches(string pattern, string text, bool expected) => Assert.Equal(expected, LikeMatcher.Matches(pattern, text, null));

    [Fact]
    public void Like_escape_makes_wildcards_literal()
    {
        Assert.True(LikeMatcher.Matches("10!%", "10%", '!'));
        Assert.False(LikeMatcher.Matches("10!%", "100", '!'));
    }

    [Theory]
    [InlineData("12abc", 12L)]
    [InlineData("  -3.5e2x", -350.0)]
    [InlineData("abc", 0L)]
    [InlineData("1.", 1.0)]
    [InlineData("99999999999999999999", 1e20)]
    public void Numeric_prefix(string text, object expected) => Assert.Equal(expected, NumericText.ParsePrefix(text));

    [Theory]
    [InlineData(" 42 ", 42L)]
    [InlineData("3.0", 3L)]
    [InlineData("3.5", 3.5)]
    [InlineData("12abc", null)]
    [InlineData("", null)]
    public void Well_formed_numbers_for_affinity(string text, object? expected) => Assert.Equal(expected, NumericText.TryWellFormed(text));

    [Fact]
    public void Integer_and_real_compare_exactly()
    {
        Assert.Equal(0, ValueOrder.CompareIntReal(2, 2.0));
        Assert.Equal(1, ValueOrder.CompareIntReal(long.MaxValue, 9.2233720368547758e18 - 2048));
        Assert.Equal(-1, ValueOrder.CompareIntReal(long.MaxValue, 9.2233720368547758e18));
        Assert.Equal(-1, ValueOrder.CompareIntReal(2, 2.5));
        Assert.True(ValueOrder.Compare(5L, "a") < 0);
        Assert.True(ValueOrder.Compare("a", new byte[] { 0 }) < 0);
    }

    [Theory]
    [InlineData("%google%", "http://maps.GOOGLE.com/phone/12", true)]
    [InlineData("%google%", "http://maps.goog1e.com/phone/12", false)]
    [InlineData("%.ru/%", "http://yandex.ru/phone/1234567890123456789012345678901234567890", true)]
    [InlineData("%.ru/%", "http://yandex.ru", false)]
    [InlineData("http%", "HTTP://x", true)]
    [InlineData("%/12", "http://x/12", true)]
    [InlineData("%/12", "http://x/123", false)]
    [InlineData("a%b%c", "abc", true)]
    [InlineData("a%b%c", "ac", false)]
    [InlineData("ab%ba", "aba", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("%", "", true)]
    [InlineData("Straße", "STRAßE", true)]
    [InlineData("É", "é", false)]
    public void Utf8_like_matches_bytes_as_sqlite_matches_text(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Utf8LikePattern.TryCreate(pattern)!.IsMatch(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Utf8_like_declines_underscores_and_lone_surrogates()
    {
        Assert.Null(Utf8LikePattern.TryCreate("a_c"));
        Assert.Null(Utf8LikePattern.TryCreate("%" + '\uD800' + "%"));
        Assert.NotNull(Utf8LikePattern.TryCreate("%😀%"));
    }
}
