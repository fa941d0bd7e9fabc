namespace Yoda.Columnar.Persistence;

/// <summary>
/// Where the new rows of a segment go. Rows arrive in small chunk files, one per persisted
/// cycle; the new rows absorb the chunks before them while such a chunk is at most twice their
/// size (much like a binary counter). Chunk sizes then more than double from each chunk to the
/// one before it, so a segment has at most log2(rows) + 1 chunks and a row is rewritten
/// O(log rows) times; a segment that becomes full is rewritten as one file.
/// </summary>
public static class ChunkPlan
{
    /// <summary>How many of the existing chunks (from the end) the new rows' file replaces.</summary>
    public static int ChunksToReplace(IReadOnlyList<ChunkManifest> chunks, int newRows, int segmentRows, int capacity)
    {
        if (segmentRows == capacity)
        {
            return chunks.Count;
        }

        var replaced = 0;
        var size = newRows;
        while (replaced < chunks.Count && chunks[chunks.Count - 1 - replaced].Rows <= 2 * size)
        {
            size += chunks[chunks.Count - 1 - replaced].Rows;
            replaced++;
        }

        return replaced;
    }
}
