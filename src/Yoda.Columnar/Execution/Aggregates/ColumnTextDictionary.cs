using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One numbering of the distinct texts of a table column, shared by all its segments: each segment's
/// <see cref="StoredTextCodes"/> maps its codes to the column's ids once, for the array's life, so that
/// a group key looks up each distinct text of the column once per query instead of once per segment
/// (h2o's id3: the same 10,000 texts in each of 16 segments), and a segment's codes take their ids from
/// an array indexed by column id. Ids are numbered by the bytes as they are, like the codes. The column
/// is stood for by its schema field (<see cref="ColumnVector.StoredUtf8Column"/>), which every snapshot of
/// the table shares; the dictionary lives as long as that field. It stops taking new segments once it
/// holds <see cref="MaxTexts"/> texts or <see cref="MaxBytes"/> bytes: their codes then go without column
/// ids (looked up per segment, as before). The bounds are what a column keeps beyond its arrays, texts of
/// segments since compacted or deleted included.
/// </summary>
internal sealed class ColumnTextDictionary(int maxTexts = ColumnTextDictionary.MaxTexts, long maxBytes = ColumnTextDictionary.MaxBytes)
{
    /// <summary>Texts at most.</summary>
    internal const int MaxTexts = 1 << 20;

    /// <summary>Bytes (the texts, their slots and per-text arrays) past which no new segment is numbered: long texts (URLs) reach it long before <see cref="MaxTexts"/>.</summary>
    internal const long MaxBytes = 64L << 20;

    private static readonly ConditionalWeakTable<object, ColumnTextDictionary> Columns = [];

    private readonly TextIdTable _table = new();
    private readonly Lock _lock = new();

    /// <summary>The dictionary of the column <paramref name="column"/> stands for (<see cref="ColumnVector.StoredUtf8Column"/>).</summary>
    public static ColumnTextDictionary Of(object column) => Columns.GetValue(column, _ => new ColumnTextDictionary());

    /// <summary>Bytes kept for the column <paramref name="column"/> stands for (0 when no group key numbered its texts): part of its table's footprint.</summary>
    public static long HeldBytes(object column) => Columns.TryGetValue(column, out var dictionary) ? dictionary.Bytes : 0;

    /// <summary>The number of texts numbered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _table.Count;
            }
        }
    }

    private long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _table.Bytes;
            }
        }
    }

    /// <summary>
    /// The texts numbered so far, readable without the lock (see <see cref="TextIdTable.Numbered"/>): a group key
    /// takes from here the bytes and hashes of the texts it gave ids by their column ids alone.
    /// </summary>
    public TextIdTable.NumberedTexts Numbered
    {
        get
        {
            lock (_lock)
            {
                return _table.Numbered;
            }
        }
    }

    /// <summary>
    /// The column id of each code of <paramref name="codes"/> (the codes of <paramref name="array"/>), new
    /// ids for texts not met before; null when the dictionary would grow past its bound on texts, or already holds its bound on bytes.
    /// </summary>
    public int[]? Number(StringArray array, StoredTextCodes codes)
    {
        var ids = new int[codes.Count];
        ids.AsSpan().Fill(-1);
        var rowCodes = codes.Codes;
        lock (_lock)
        {
            if (_table.Count + codes.Count > maxTexts || _table.Bytes >= maxBytes)
            {
                return null;
            }

            // Codes come in order of first appearance, so the first row of code c comes after those of codes below c.
            var next = 0;
            for (var row = 0; row < array.Length && next < ids.Length; row++)
            {
                var code = rowCodes[row];
                if (ids[code] < 0 && !array.IsNull(row))
                {
                    ids[code] = _table.GetOrAddBytes(array.GetBytes(row), codes.Hashes[code]);
                    next++;
                }
            }
        }

        return ids;
    }
}
