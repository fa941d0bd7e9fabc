using Apache.Arrow;
using FsCheck.Xunit;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="ShortTextCoder"/>, the coder of arrays whose texts are at most 16 bytes, through
/// <see cref="StoredTextCodes"/>: the codes, their count and their hashes are those of a reference that
/// numbers the texts' bytes in order of first appearance and hashes them as <see cref="TextIdTable"/>
/// does; texts that differ only by trailing zero bytes ("a", "a\0") or by their length get their own
/// codes; texts at the very end of a value buffer without padding are read alone; a long text anywhere
/// hands the array to the general coder, which agrees; too many distinct texts give no codes.
/// </summary>
public sealed class ShortTextCoderTests
{
    private static readonly byte[]?[] Pool =
    [
        null, [], [0], "a"u8.ToArray(), [0x61, 0], [0x61, 0, 0], "1994-01-01"u8.ToArray(), "1994-01-02"u8.ToArray(), "1994-01-0"u8.ToArray(),
        "MAIL"u8.ToArray(), "eight888"u8.ToArray(), "eight8880"u8.ToArray(), "sixteen bytes 16"u8.ToArray(), "sixteen bytes 17"u8.ToArray(),
        "fifteen bytes15"u8.ToArray(), "ñandú"u8.ToArray(), [0x61, 0xFF], [0xFF], "seven77"u8.ToArray(),
    ];

    private static readonly byte[] LongText = "seventeen bytes 17"u8.ToArray();

    [Property(MaxTest = 300)]
    public bool Codes_are_the_first_appearance_numbering_of_the_bytes(int seed)
    {
        var random = new Random(seed);
        var pool = Pool.OrderBy(_ => random.Next()).Take(random.Next(1, Pool.Length + 1)).ToList();
        // Sometimes a distinct text per row (numbers), beyond a quarter of the rows: no codes.
        // Or hundreds of texts that pairwise differ only by trailing zero bytes, so that such texts meet in the coder's probes.
        var (distinct, zeros) = (random.Next(6) == 0, random.Next(4) == 0);
        var length = random.Next(4, zeros ? 6_000 : 3_000);
        var values = Enumerable.Range(0, length)
            .Select(row => zeros ? [.. System.Text.Encoding.UTF8.GetBytes($"{random.Next(300)}"), .. new byte[random.Next(4)]]
                : distinct && random.Next(2) == 0 ? System.Text.Encoding.UTF8.GetBytes($"{row}") : pool[random.Next(pool.Count)])
            .ToArray();
        if (random.Next(5) == 0)
        {
            values[random.Next(length)] = LongText;
        }

        var array = Unpadded(values);
        var codes = StoredTextCodes.Of(array) ?? StoredTextCodes.Of(array);
        var (expected, texts) = Reference(values);
        if (texts.Count > length / 4)
        {
            return codes is null;
        }

        var reference = new TextIdTable();
        return codes is not null
            && codes.Count == texts.Count
            && codes.Codes.SequenceEqual(expected)
            && codes.Hashes.SequenceEqual(texts.Select(text => reference.HashOf(reference.GetOrAddValidUtf8(text))));
    }

    /// <summary>Each row's code (0 for NULL) and the distinct texts, numbered in order of first appearance.</summary>
    private static (ushort[] Codes, List<byte[]> Texts) Reference(byte[]?[] values)
    {
        var ids = new Dictionary<string, int>();
        var texts = new List<byte[]>();
        var codes = new ushort[values.Length];
        for (var row = 0; row < values.Length; row++)
        {
            if (values[row] is not { } value)
            {
                continue;
            }

            if (!ids.TryGetValue(Convert.ToHexString(value), out var id))
            {
                id = texts.Count;
                ids.Add(Convert.ToHexString(value), id);
                texts.Add(value);
            }

            codes[row] = (ushort)id;
        }

        return (codes, texts);
    }

    /// <summary>A string array whose value buffer ends with its last text (no padding), so that the last texts are read near its end.</summary>
    private static StringArray Unpadded(byte[]?[] values)
    {
        var offsets = new int[values.Length + 1];
        var validity = new byte[(values.Length + 7) / 8];
        var bytes = new List<byte>();
        for (var row = 0; row < values.Length; row++)
        {
            if (values[row] is { } value)
            {
                bytes.AddRange(value);
                validity[row >> 3] |= (byte)(1 << (row & 7));
            }

            offsets[row + 1] = bytes.Count;
        }

        var nulls = values.Count(v => v is null);
        return new StringArray(
            values.Length,
            new ArrowBuffer(offsets.SelectMany(BitConverter.GetBytes).ToArray()),
            new ArrowBuffer(bytes.ToArray()),
            nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity),
            nulls);
    }
}
