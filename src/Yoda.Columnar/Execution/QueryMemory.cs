using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution;

/// <summary>
/// The memory one query holds in hash tables, sort buffers, join build sides and its result,
/// counted by the operators as they grow; past the limit the query fails with a
/// <see cref="YodaException"/> instead of exhausting the process. Its large arrays are rented
/// from <see cref="Buffers"/> (counted here all the same).
/// </summary>
public sealed class QueryMemory(long? limitBytes, QueryBuffers? buffers = null)
{
    private long _used;

    /// <summary>Where the operators rent their large private arrays (tables, states), given back when the statement ends.</summary>
    public QueryBuffers Buffers { get; } = buffers ?? QueryBuffers.Unpooled;

    /// <summary>False for <see cref="Uncounted"/>: callers skip measuring what they would reserve.</summary>
    public bool Counts { get; private init; } = true;

    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>A query without a memory limit: only its <see cref="Buffers"/>, nothing counted.</summary>
    public static QueryMemory Uncounted(QueryBuffers buffers) => new(null, buffers) { Counts = false };

    /// <summary>Counts <paramref name="bytes"/> more; throws when the total passes the limit.</summary>
    public void Reserve(long bytes)
    {
        if (!Counts)
        {
            return;
        }

        var used = Interlocked.Add(ref _used, bytes);
        if (limitBytes is { } limit && used > limit)
        {
            throw new YodaException(
                $"the query needs more than {limit:N0} bytes of memory (HtapConfig.QueryMemoryLimitBytes)");
        }
    }

    /// <summary>Gives back bytes counted before (a buffer that was dropped).</summary>
    public void Release(long bytes)
    {
        if (Counts)
        {
            Interlocked.Add(ref _used, -bytes);
        }
    }

    /// <summary>Estimated bytes of the selected rows of a chunk once copied out (8 per number, the UTF-16 text or blob bytes plus object overhead).</summary>
    public static long BytesOf(Chunk chunk)
    {
        long bytes = 0;
        foreach (var column in chunk.Columns)
        {
            bytes += chunk.RowCount * 9L;
            if (column.Kind == ValueKind.Text)
            {
                // Stored UTF-8 not decoded yet is counted by its bytes (as many as the string's chars when ASCII), not decoded to count it.
                var stored = column.HasUtf8 ? column.Utf8Texts : default;
                foreach (var row in chunk.Selection)
                {
                    bytes += 24 + (2L * (column.HasUtf8 ? stored[row].Length : column.Texts[row].Length));
                }
            }
            else if (column.Kind == ValueKind.Blob)
            {
                foreach (var row in chunk.Selection)
                {
                    bytes += 24 + column.Blobs[row].Length;
                }
            }
            else if (column.Kind == ValueKind.Dynamic)
            {
                bytes += DynamicBytes(column, chunk.Selection);
            }
        }

        return bytes;
    }

    /// <summary>The text and blob rows of a dynamic column (its numbers are counted with every column's 9 bytes a row), plus its class tags.</summary>
    private static long DynamicBytes(ColumnVector column, int[] rows)
    {
        long bytes = 0;
        var values = column.Dynamic;
        foreach (var row in rows)
        {
            bytes += 1 + (column.IsNull(row) ? 0 : values.Kinds[row] switch
            {
                ValueKind.Text => 24 + (2L * values.Texts[row].Length),
                ValueKind.Blob => 24 + values.Blobs[row].Length,
                _ => 0,
            });
        }

        return bytes;
    }
}
