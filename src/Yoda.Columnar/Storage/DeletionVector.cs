using System.Numerics;

namespace Yoda.Columnar.Storage;

/// <summary>
/// An immutable bitmap of the deleted rows of one segment. Mutation returns a new vector, so a
/// snapshot that holds a vector never sees later deletions.
/// </summary>
public sealed class DeletionVector
{
    private readonly ulong[] _words;

    private DeletionVector(ulong[] words, int length, int deletedCount)
    {
        _words = words;
        Length = length;
        DeletedCount = deletedCount;
    }

    /// <summary>Rows covered by the vector (the segment's row count when it was made).</summary>
    public int Length { get; }

    public int DeletedCount { get; }

    public static DeletionVector Empty(int length) => new(new ulong[(length + 63) >> 6], length, 0);

    public bool IsDeleted(int row) => (uint)row < (uint)Length && (_words[row >> 6] & (1UL << row)) != 0;

    /// <summary>The raw words, bit <c>i % 64</c> of word <c>i / 64</c> set when row <c>i</c> is deleted.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>A copy with the given rows also deleted; rows at or past <paramref name="length"/> grow the vector.</summary>
    public DeletionVector WithDeleted(IEnumerable<int> rows, int length)
    {
        var words = new ulong[(Math.Max(length, Length) + 63) >> 6];
        _words.CopyTo(words, 0);
        foreach (var row in rows)
        {
            words[row >> 6] |= 1UL << row;
        }

        return Counted(words, Math.Max(length, Length));
    }

    /// <summary>A copy with the rows whose bits are set in <paramref name="deleted"/> (laid out as <see cref="Words"/>) also deleted.</summary>
    public DeletionVector WithDeletedWords(ReadOnlySpan<ulong> deleted, int length)
    {
        var words = new ulong[(Math.Max(length, Length) + 63) >> 6];
        _words.CopyTo(words, 0);
        var shared = Math.Min(words.Length, deleted.Length);
        for (var i = 0; i < shared; i++)
        {
            words[i] |= deleted[i];
        }

        return Counted(words, Math.Max(length, Length));
    }

    private static DeletionVector Counted(ulong[] words, int length)
    {
        var count = 0;
        foreach (var w in words)
        {
            count += BitOperations.PopCount(w);
        }

        return new DeletionVector(words, length, count);
    }
}
