using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;

namespace Yoda.Columnar.Tests.Execution;

public sealed class TextDecoderTests
{
    /// <summary>
    /// Values that share their length and first and last eight bytes land in the same slot of the
    /// cache: each must still decode to its own text, however often they alternate.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Decodes_every_value_exactly_even_when_slots_collide(byte[] middles, byte[] lengths)
    {
        var decoder = new TextDecoder();
        foreach (var (middle, length) in middles.Zip(lengths.Concat(Enumerable.Repeat((byte)3, middles.Length))))
        {
            var text = "http://example.org/" + new string((char)('a' + (middle % 5)), 1 + (length % 70)) + "/1234567é";
            if (decoder.Decode(Encoding.UTF8.GetBytes(text)) != text)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Repeated_short_and_url_sized_values_come_back_as_the_same_string()
    {
        var decoder = new TextDecoder();
        foreach (var text in new[] { "2013-07-01", "http://yandex.ru/download/12345", "é" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var first = decoder.Decode(bytes);
            Assert.Equal(text, first);
            Assert.Same(first, decoder.Decode(bytes));
        }

        Assert.Same(string.Empty, decoder.Decode([]));
    }
}
