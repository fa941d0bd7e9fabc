namespace Yoda.Columnar.Persistence;

/// <summary>
/// Where the new rows of a segment go. Rows arrive in small chunk files, one per persisted
/// cycle; a chunk is merged with the one before it while that one is no larger (the rule of a
/// binary counter), so a segment has O(log rows) chunks and each row is rewritten O(log rows)
/// times; a segment that becomes full is rewritten as one file.
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
        while (replaced < chunks.Count && chunks[chunks.Count - 1 - replaced].Rows <= size)
        {
            size += chunks[chunks.Count - 1 - replaced].Rows;
            replaced++;
        }

        return replaced;
    }
}
