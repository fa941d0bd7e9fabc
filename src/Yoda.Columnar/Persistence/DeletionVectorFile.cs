using System.Buffers.Binary;
using System.Numerics;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Persistence;

/// <summary>
/// A segment's deletion vector on disk: the magic <c>YDV1</c>, the number of rows covered
/// (int32, little-endian) and the bitmap words (uint64, little-endian; bit i of word w is row 64w + i).
/// </summary>
public static class DeletionVectorFile
{
    public const string Extension = ".del";
    private static ReadOnlySpan<byte> Magic => "YDV1"u8;

    public static byte[] Encode(DeletionVector vector)
    {
        var words = vector.Words;
        var content = new byte[8 + (words.Length * sizeof(ulong))];
        Magic.CopyTo(content);
        BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(4), vector.Length);
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(content.AsSpan(8 + (i * sizeof(ulong))), words[i]);
        }

        return content;
    }

    public static DeletionVector Decode(byte[] content, int segmentRows, string path)
    {
        if (content.Length < 8 || !content.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new YodaException($"storage file {path} is damaged: not a deletion vector");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(content.AsSpan(4));
        var wordCount = (content.Length - 8) / sizeof(ulong);
        if (length < 0 || length > segmentRows || wordCount != (length + 63) >> 6 || (content.Length - 8) % sizeof(ulong) != 0)
        {
            throw new YodaException($"storage file {path} is damaged: a deletion vector of {length} rows does not fit a segment of {segmentRows} rows");
        }

        var rows = new List<int>();
        for (var w = 0; w < wordCount; w++)
        {
            var word = BinaryPrimitives.ReadUInt64LittleEndian(content.AsSpan(8 + (w * sizeof(ulong))));
            while (word != 0)
            {
                var row = (w << 6) + BitOperations.TrailingZeroCount(word);
                if (row >= length)
                {
                    throw new YodaException($"storage file {path} is damaged: row {row} is deleted past the {length} rows covered");
                }

                rows.Add(row);
                word &= word - 1;
            }
        }

        return DeletionVector.Empty(length).WithDeleted(rows, length);
    }
}
