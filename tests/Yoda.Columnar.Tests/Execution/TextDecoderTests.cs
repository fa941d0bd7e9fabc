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

    /// <summary>Every scan of a query makes a decoder: one that caches no text must not cost its 64 KB cache.</summary>
    [Fact]
    public void A_decoder_makes_its_cache_only_when_it_first_caches_a_value()
    {
        var longText = Encoding.UTF8.GetBytes(new string('u', 80));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decoder = new TextDecoder();
        Assert.Equal(string.Empty, decoder.Decode([]));
        Assert.Equal(80, decoder.Decode(longText).Length);
        var uncached = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("x", decoder.Decode("x"u8));
        var cached = GC.GetAllocatedBytesForCurrentThread() - before - uncached;
        Assert.Equal("y", decoder.Decode("y"u8));
        var next = GC.GetAllocatedBytesForCurrentThread() - before - uncached - cached;

        Assert.True(uncached < 1024, $"a decoder allocated {uncached} bytes before caching a value");
        Assert.True(cached > 8 * 8192, $"the first cached value allocated only {cached} bytes");
        Assert.True(next < 1024, $"the second cached value allocated {next} bytes");
    }

    /// <summary>Threads that share a decoder and decode their first values at once all get their own text back.</summary>
    [Fact]
    public void Threads_decoding_their_first_values_at_once_get_their_own_text()
    {
        for (var round = 0; round < 50; round++)
        {
            var decoder = new TextDecoder();
            var texts = Enumerable.Range(0, 4).Select(t => $"value-{round}-{t}").ToArray();
            var back = new string?[texts.Length * 2];
            using var start = new Barrier(texts.Length);
            var threads = texts.Select((text, t) => new Thread(() =>
            {
                start.SignalAndWait();
                back[2 * t] = decoder.Decode(Encoding.UTF8.GetBytes(text));
                back[(2 * t) + 1] = decoder.Decode(Encoding.UTF8.GetBytes(text));
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());

            Assert.Equal(texts.SelectMany(text => new[] { text, text }), back);
        }
    }
}
