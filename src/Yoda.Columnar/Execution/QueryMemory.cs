using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution;

/// <summary>
/// The memory one statement holds in hash tables, sort buffers, join build sides, materialised
/// subqueries and its result, counted by the operators as they grow; past the limit the statement
/// fails with a <see cref="YodaException"/> instead of exhausting the process. One limit covers the
/// whole statement: its subqueries, CTEs, views and compound terms count against the same total.
/// A plan that runs more than once (a correlated subquery) or whose rows are kept once computed
/// (a CTE) counts through a <see cref="RunScope"/>, which gives back what a run counted when the
/// run ends. Its large arrays are rented from <see cref="Buffers"/> (counted here all the same).
/// </summary>
public sealed class QueryMemory
{
    private readonly long? _limitBytes;

    /// <summary>The statement's memory, for a <see cref="RunScope"/>; null for the statement's own.</summary>
    private readonly QueryMemory? _statement;

    private long _used;

    public QueryMemory(long? limitBytes, QueryBuffers? buffers = null)
    {
        _limitBytes = limitBytes;
        Buffers = buffers ?? QueryBuffers.Unpooled;
    }

    private QueryMemory(QueryMemory statement)
    {
        _statement = statement;
        Buffers = statement.Buffers;
        Counts = statement.Counts;
    }

    /// <summary>Where the operators rent their large private arrays (tables, states), given back when the statement ends.</summary>
    public QueryBuffers Buffers { get; }

    /// <summary>False for <see cref="Uncounted"/>: callers skip measuring what they would reserve.</summary>
    public bool Counts { get; private init; } = true;

    /// <summary>Bytes counted now: the statement's total, or for a <see cref="RunScope"/> its own share of it.</summary>
    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>The memory the limit applies to: this, or the statement's for a <see cref="RunScope"/>.</summary>
    public QueryMemory Statement => _statement ?? this;

    /// <summary>A query without a memory limit: only its <see cref="Buffers"/>, nothing counted.</summary>
    public static QueryMemory Uncounted(QueryBuffers buffers) => new(null, buffers) { Counts = false };

    /// <summary>
    /// A share of the statement's memory for the operators of one plan that runs on its own (a
    /// subquery, a CTE): what they reserve counts against the statement's limit, and
    /// <see cref="ReleaseAll"/> gives back what they still hold once a run has ended. Scopes made
    /// inside a scope are shares of the statement's memory too, never of each other, so that giving
    /// back one never gives back another's.
    /// </summary>
    public QueryMemory RunScope() => new(Statement);

    /// <summary>Counts <paramref name="bytes"/> more; throws when the statement's total passes the limit.</summary>
    public void Reserve(long bytes)
    {
        if (!Counts)
        {
            return;
        }

        var used = Interlocked.Add(ref _used, bytes);
        if (_statement is { } statement)
        {
            statement.Reserve(bytes);
        }
        else if (_limitBytes is { } limit && used > limit)
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
            _statement?.Release(bytes);
        }
    }

    /// <summary>
    /// For a <see cref="RunScope"/> whose run has ended: gives back everything its operators still
    /// count (the buffers of a finished run are garbage; what the run produced and is kept is counted
    /// by whoever keeps it). A result a morsel worker finishes after its consumer left is given back
    /// when the worker ends, so this share can dip below zero until the next run's end sets it right.
    /// </summary>
    public void ReleaseAll()
    {
        if (_statement is { } statement)
        {
            statement.Release(Interlocked.Exchange(ref _used, 0));
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

    /// <summary>
    /// What the strings of computed TEXT vectors (an expression's results, not stored UTF-8: substr,
    /// ||, printf, CASE texts) hold at <paramref name="rows"/> beyond the 8-byte reference counted with
    /// each row: a string's 16 bytes of header and two a character. Strings shared by rows (a constant)
    /// are counted for each row, an upper bound.
    /// </summary>
    public static long ComputedTextBytes(IEnumerable<ColumnVector?> vectors, ReadOnlySpan<int> rows)
    {
        long bytes = 0;
        foreach (var vector in vectors)
        {
            if (vector is not { Kind: ValueKind.Text, HasUtf8: false })
            {
                continue;
            }

            var texts = vector.Texts;
            foreach (var row in rows)
            {
                if (texts[row] is { } text)
                {
                    bytes += 16 + (2L * text.Length);
                }
            }
        }

        return bytes;
    }

    /// <summary>
    /// Estimated bytes of a value kept boxed, as the row-at-a-time paths keep them (IN sets, subquery
    /// caches, boxed group keys): a number's box 24, a string 24 plus two a character, a blob 24 plus
    /// its bytes; nothing for NULL.
    /// </summary>
    public static long BoxedBytes(object? value) => value is null ? 0 : 24 + VariableBytes(value);

    /// <summary>The part of <see cref="BoxedBytes"/> that follows the value's length: two a character of a string, a blob's bytes, 0 for a number.</summary>
    public static long VariableBytes(object? value) => value switch
    {
        string text => 2L * text.Length,
        byte[] blob => blob.Length,
        _ => 0,
    };

    /// <summary>Estimated bytes of a row of values kept as an <c>object?[]</c>: the array and its boxed values.</summary>
    public static long BoxedRowBytes(object?[] values)
    {
        var bytes = 24 + (8L * values.Length);
        foreach (var value in values)
        {
            bytes += BoxedBytes(value);
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
