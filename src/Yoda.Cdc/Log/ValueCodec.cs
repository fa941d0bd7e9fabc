using System.Globalization;

namespace Yoda.Cdc.Log;

/// <summary>
/// The exact text encoding of row images in the CDC log. Each value is a tag and a payload,
/// values joined by commas: <c>n</c> NULL, <c>i-42</c> integer, <c>r1.5</c> real (SQLite's
/// <c>quote()</c>, which round-trips every double), <c>t616263</c> text as hex of its UTF-8 bytes
/// (so quotes, commas and NULs survive), <c>bDEAD</c> blob as hex. JSON is avoided on purpose:
/// it cannot hold blobs and SQLite renders reals in it with 15 digits.
/// </summary>
public static class ValueCodec
{
    /// <summary>The SQL expression that encodes the value of <paramref name="valueSql"/>.</summary>
    /// <remarks>
    /// <c>quote()</c> renders -0.0 as <c>0.0</c>; <c>atan2(-0.0, -1)</c> is negative while
    /// <c>atan2(0.0, -1)</c> is positive, which tells the two zeros apart.
    /// </remarks>
    public static string EncodeExpression(string valueSql) =>
        $"CASE typeof({valueSql}) WHEN 'integer' THEN 'i' || {valueSql} "
        + $"WHEN 'real' THEN CASE WHEN {valueSql} = 0 AND atan2({valueSql}, -1) < 0 THEN 'r-0.0' ELSE 'r' || quote({valueSql}) END "
        + $"WHEN 'text' THEN 't' || hex({valueSql}) WHEN 'blob' THEN 'b' || hex({valueSql}) ELSE 'n' END";

    /// <summary>Decodes an image into storage-model values (long, double, string, byte[], null).</summary>
    public static object?[] Decode(string image)
    {
        var count = 1;
        foreach (var ch in image)
        {
            if (ch == ',')
            {
                count++;
            }
        }

        var values = new object?[count];
        var span = image.AsSpan();
        for (var i = 0; i < count; i++)
        {
            var comma = span.IndexOf(',');
            var part = comma < 0 ? span : span[..comma];
            values[i] = DecodeValue(part);
            span = comma < 0 ? ReadOnlySpan<char>.Empty : span[(comma + 1)..];
        }

        return values;
    }

    private static object? DecodeValue(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            throw new YodaException("corrupt CDC row image: empty value");
        }

        var payload = part[1..];
        return part[0] switch
        {
            'n' => null,
            'i' => long.Parse(payload, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            'r' => ParseReal(payload),
            't' => System.Text.Encoding.UTF8.GetString(Convert.FromHexString(payload)),
            'b' => Convert.FromHexString(payload),
            _ => throw new YodaException($"corrupt CDC row image: unknown tag '{part[0]}'"),
        };
    }

    private static double ParseReal(ReadOnlySpan<char> text)
    {
        // SQLite renders the infinities as 9.0e+999 / -9.0e+999, which parse to +/-Infinity.
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
