using Apache.Arrow;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="CodeKeys"/>: the keys of two differently coded arrays order every pair of their texts as
/// the bytes do, or tie exactly where both texts are longer than 15 bytes and share their first 15
/// (the only pairs left to compare by bytes).
/// </summary>
public sealed class CodeKeysTests
{
    private static readonly byte[][] Texts =
    [
        [], "a"u8.ToArray(), "a\0"u8.ToArray(), "a\0b"u8.ToArray(), "ab"u8.ToArray(), "b"u8.ToArray(), "é"u8.ToArray(), "1995-03-15"u8.ToArray(),
        "1995-03-16"u8.ToArray(), "1995-03-1"u8.ToArray(), "1995-03-15 "u8.ToArray(), "123456789012345"u8.ToArray(), "1234567890123456"u8.ToArray(),
        "12345678901234567"u8.ToArray(), "123456789012345\0"u8.ToArray(), "123456789012345a"u8.ToArray(), "12345678901234\u00ff"u8.ToArray(),
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x80],
    ];

    [Fact]
    public void Keys_of_two_arrays_order_their_texts_as_the_bytes_do()
    {
        var random = new Random(5);

        // The same texts in other orders: each array numbers them by first appearance, so their codes differ.
        var left = Coded(Texts.OrderBy(_ => random.Next()).ToArray());
        var right = Coded(Texts.Reverse().ToArray());
        foreach (var x in Texts)
        {
            foreach (var y in Texts)
            {
                var (kx, ky) = (Key(left, x), Key(right, y));
                var order = Math.Sign(x.AsSpan().SequenceCompareTo(y));
                var keyOrder = kx.High != ky.High ? kx.High.CompareTo(ky.High) : kx.Low.CompareTo(ky.Low);
                var bothLonger = x.Length > 15 && y.Length > 15 && x.AsSpan(0, 15).SequenceEqual(y.AsSpan(0, 15));
                Assert.True(bothLonger ? keyOrder == 0 && (byte)kx.Low == CodeKeys.Longer : keyOrder == order, $"{Convert.ToHexString(x)} vs {Convert.ToHexString(y)}");
            }
        }
    }

    /// <summary>
    /// An array NULL in every row is coded (each row code 0) with no distinct text; code 0 still has a
    /// key, since a comparison reads every selected row's code, NULL rows included.
    /// </summary>
    [Fact]
    public void An_all_null_array_has_a_key_for_the_null_rows_code()
    {
        var array = new StringArray.Builder().AppendNull().AppendNull().AppendNull().AppendNull().Build();
        _ = StoredTextCodes.ForPredicate(array, countRead: true);
        var codes = StoredTextCodes.ForPredicate(array, countRead: true)!;
        Assert.Equal(0, codes.Count);
        Assert.True(codes.Keys(array).Halves.Length >= 2);
        Assert.All(codes.Codes, code => Assert.Equal(0, code));
    }

    private static (StoredTextCodes Codes, StringArray Array) Coded(byte[][] distinct)
    {
        var builder = new StringArray.Builder();
        for (var copy = 0; copy < 8; copy++)
        {
            foreach (var text in distinct)
            {
                builder.Append(text.AsSpan());
            }
        }

        var array = builder.Build();
        _ = StoredTextCodes.ForPredicate(array, countRead: true);
        return (StoredTextCodes.ForPredicate(array, countRead: true)!, array);
    }

    private static (ulong High, ulong Low) Key((StoredTextCodes Codes, StringArray Array) coded, byte[] text)
    {
        var row = Enumerable.Range(0, coded.Array.Length).First(r => coded.Array.GetBytes(r).SequenceEqual(text));
        var code = coded.Codes.Codes[row];
        var halves = coded.Codes.Keys(coded.Array).Halves;
        return (halves[2 * code], halves[(2 * code) + 1]);
    }
}
