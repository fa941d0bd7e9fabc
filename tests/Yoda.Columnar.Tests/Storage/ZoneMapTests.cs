using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>Text zone maps say whether byte order is string order (every value well-formed UTF-8), which lets MIN/MAX come from them.</summary>
public sealed class ZoneMapTests
{
    [Fact]
    public void Text_zone_maps_hold_the_byte_order_extremes_and_whether_all_text_is_well_formed()
    {
        var valid = new StringArray.Builder().Append("b").AppendNull().Append("é").Append("a").Build();
        var zone = ZoneMap.Of(valid)!;
        Assert.Equal("a"u8.ToArray(), (byte[])zone.Min!);
        Assert.Equal("é"u8.ToArray(), (byte[])zone.Max!);
        Assert.True(zone.WellFormedText);

        // A lone continuation byte: decoded, it becomes U+FFFD, which orders differently from its byte.
        var invalid = new StringArray.Builder().Append("a").Append(new byte[] { 0x80 }).Build();
        Assert.False(ZoneMap.Of(invalid)!.WellFormedText);
    }
}
