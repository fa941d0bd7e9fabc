using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// A dictionary encoding of a stored string array with few distinct texts: one 16-bit code per row,
/// equal codes for equal bytes, codes numbered in order of first appearance. A text group key then
/// looks up each distinct text of a segment once (<see cref="KeyDictionary"/>'s text keys map codes
/// to their ids) and each row by its code, instead of hashing and comparing every row's bytes
/// (h2o's id3: about 10,000 texts per 65,536-row segment). Stored arrays never change, so the codes
/// are kept for the array's life, like its zone map; they are computed the second time a group key
/// reads (a chunk of) the array, so that arrays read in one piece (partial aggregates' key columns,
/// small results) cost nothing, and not at all when more than a quarter of the rows are distinct
/// (2 bytes a row would then buy little). Codes compare bytes as they are: texts that are not valid
/// UTF-8 are keyed as their decoded strings by the group key, which may join two codes into one id.
/// A segment's codes are also numbered in its column's <see cref="ColumnTextDictionary"/> (<see cref="ColumnIds"/>),
/// so that a group key looks up a text met in an earlier segment by its column id instead of its bytes.
/// </summary>
internal sealed class StoredTextCodes
{
    /// <summary>Rows coded at a time, between checks that the array still has few enough distinct texts.</summary>
    private const int Block = 4096;

    private static readonly ConditionalWeakTable<StringArray, Uses> Cache = [];

    private readonly Lock _numberingLock = new();
    private Numbering? _numbering;
    private int[]? _firstRows;
    private Scan.CodeOrder? _order;
    private Scan.CodeKeys? _keys;

    private StoredTextCodes(ushort[] codes, ulong[] hashes, int count, bool isAscii)
    {
        Codes = codes;
        Hashes = hashes;
        Count = count;
        IsAscii = isAscii;
    }

    /// <summary>The code of every row of the array (0 for NULL rows).</summary>
    public ushort[] Codes { get; }

    /// <summary>
    /// Each code's text hash, as <see cref="TextIdTable"/> hashes its bytes: a query's table looks up
    /// each code of each segment once, and takes its hash from here instead of hashing the bytes again.
    /// </summary>
    public ulong[] Hashes { get; }

    /// <summary>The number of distinct codes.</summary>
    public int Count { get; }

    /// <summary>Whether every byte of the array's texts is ASCII (so they are valid UTF-8 and need no check when looked up).</summary>
    public bool IsAscii { get; }

    /// <summary>
    /// Each code's id in <paramref name="column"/>, the dictionary of the column this array is a segment
    /// of: numbered the first time they are asked for and kept for the array's life. Null when the
    /// dictionary is full, or when the array was numbered in another column's dictionary (an array
    /// shared by two schemas' columns).
    /// </summary>
    public int[]? ColumnIds(StringArray array, ColumnTextDictionary column)
    {
        if (Volatile.Read(ref _numbering) is not { } numbering)
        {
            lock (_numberingLock)
            {
                numbering = _numbering ??= new Numbering(column, column.Number(array, this));
            }
        }

        return ReferenceEquals(numbering.Column, column) ? numbering.Ids : null;
    }

    /// <summary>The codes of <paramref name="array"/>, or null when it has not been read before or has too many distinct texts.</summary>
    public static StoredTextCodes? Of(StringArray array) => Cache.GetValue(array, _ => new Uses()).Codes(array);

    /// <summary>
    /// The codes of <paramref name="array"/> for a scan predicate that tests each distinct text once
    /// (<see cref="Scan.CodedTextFilter"/>): computed the second time a predicate reads the array
    /// whole (<paramref name="countRead"/>: once per segment per scan, on its first chunk), so that a
    /// column filtered once costs nothing more; null before, or when there are too many distinct
    /// texts. Predicate reads are counted apart from group-key reads, which <see cref="Of"/> counts.
    /// </summary>
    public static StoredTextCodes? ForPredicate(StringArray array, bool countRead)
    {
        if (Cache.TryGetValue(array, out var uses) && uses.Computed is { } codes)
        {
            return codes;
        }

        return countRead ? Cache.GetValue(array, _ => new Uses()).PredicateCodes(array) : null;
    }

    /// <summary>
    /// A row of each code (the first holding its text), so that a predicate tests each distinct text
    /// once: made the first time asked for and kept with the codes (4 bytes a code; <see cref="HeldBytes"/>).
    /// </summary>
    public int[] FirstRows(StringArray array)
    {
        if (Volatile.Read(ref _firstRows) is { } known)
        {
            return known;
        }

        // Code 0 is also every NULL row's: only valid rows stand for a text. Two threads may both make them; either is the same.
        var first = new int[Count];
        first.AsSpan().Fill(-1);
        var found = 0;
        for (var row = 0; row < Codes.Length && found < first.Length; row++)
        {
            ref var slot = ref first[Codes[row]];
            if (slot < 0 && !array.IsNull(row))
            {
                slot = row;
                found++;
            }
        }

        Volatile.Write(ref _firstRows, first);
        return first;
    }

    /// <summary>
    /// The distinct texts in byte order (<see cref="Scan.CodeOrder"/>), for text comparisons through
    /// the codes: made the first time asked for and kept with the codes (<see cref="HeldBytes"/>).
    /// </summary>
    public Scan.CodeOrder Order(StringArray array)
    {
        // Two threads may both make it; either is the same.
        if (Volatile.Read(ref _order) is not { } order)
        {
            order = Scan.CodeOrder.Of(array, FirstRows(array));
            Volatile.Write(ref _order, order);
        }

        return order;
    }

    /// <summary>
    /// Each code's order-preserving key (<see cref="Scan.CodeKeys"/>), for comparisons of two coded
    /// columns: made the first time asked for and kept with the codes (<see cref="HeldBytes"/>).
    /// </summary>
    public Scan.CodeKeys Keys(StringArray array)
    {
        // Two threads may both make them; either is the same.
        if (Volatile.Read(ref _keys) is not { } keys)
        {
            keys = Scan.CodeKeys.Of(array, FirstRows(array));
            Volatile.Write(ref _keys, keys);
        }

        return keys;
    }

    /// <summary>
    /// Gives <paramref name="array"/> (a group key's texts, one row per group: distinct texts) the codes
    /// its rows' ids already are, with their hashes and their ids in <paramref name="column"/> (-1 for a
    /// text not numbered there), so that a table that merges these groups finds them by column id.
    /// </summary>
    public static void Attach(StringArray array, ushort[] codes, ulong[] hashes, bool isAscii, ColumnTextDictionary column, int[] columnIds)
    {
        var attached = new StoredTextCodes(codes, hashes, hashes.Length, isAscii) { _numbering = new Numbering(column, columnIds) };
        Cache.AddOrUpdate(array, new Uses(attached));
    }

    /// <summary>
    /// Bytes of the codes kept for <paramref name="array"/> (its rows' 16-bit codes, each code's hash and
    /// the arrays' overhead), 0 when none were computed: part of its table's footprint (<see cref="Storage.TableSnapshot.ByteSize"/>)
    /// for as long as the array lives.
    /// </summary>
    public static long HeldBytes(StringArray array) =>
        Cache.TryGetValue(array, out var uses) && uses.Computed is { } codes
            ? 48 + (2L * codes.Codes.Length) + (8L * codes.Hashes.Length) + (4L * (Volatile.Read(ref codes._numbering)?.Ids?.Length ?? 0))
                + (4L * (Volatile.Read(ref codes._firstRows)?.Length ?? 0)) + (Volatile.Read(ref codes._order)?.Bytes ?? 0)
                + (Volatile.Read(ref codes._keys)?.Bytes ?? 0)
            : 0;

    private static StoredTextCodes? Compute(StringArray array)
    {
        var limit = Math.Min(array.Length / 4, ushort.MaxValue + 1);
        var codes = new ushort[array.Length];
        var coder = new ShortTextCoder();
        var firstRows = new List<int>();
        if (coder.TryCode(array, limit, codes, firstRows))
        {
            return coder.Count > limit ? null : WithHashes(array, codes, firstRows);
        }

        var table = new TextIdTable();
        var stored = new Utf8Rows(array.ValueOffsets, array.Values);
        var rows = new int[Math.Min(Block, array.Length)];
        var ids = new int[rows.Length];
        for (var start = 0; start < array.Length; start += Block)
        {
            var end = Math.Min(start + Block, array.Length);
            var count = 0;
            for (var row = start; row < end; row++)
            {
                if (!array.IsNull(row))
                {
                    rows[count++] = row;
                }
            }

            // Keyed by the bytes as they are, valid UTF-8 or not (equal bytes, equal code).
            table.GetOrAddValidUtf8(stored, rows.AsSpan(0, count), ids.AsSpan(0, count));
            if (table.Count > limit)
            {
                return null;
            }

            for (var k = 0; k < count; k++)
            {
                codes[rows[k]] = (ushort)ids[k];
            }
        }

        // The whole value buffer, padding included (zeros): a stricter test than the rows' bytes alone.
        var hashes = new ulong[table.Count];
        for (var code = 0; code < hashes.Length; code++)
        {
            hashes[code] = table.HashOf(code);
        }

        return new StoredTextCodes(codes, hashes, table.Count, System.Text.Ascii.IsValid(array.Values));
    }

    /// <summary>
    /// The codes <see cref="ShortTextCoder"/> made, with each code's hash as a <see cref="TextIdTable"/>
    /// hashes it: the distinct texts (a row of each, in code order) are numbered in one, which gives
    /// them the same ids.
    /// </summary>
    private static StoredTextCodes WithHashes(StringArray array, ushort[] codes, List<int> firstRows)
    {
        var table = new TextIdTable();
        var hashes = new ulong[firstRows.Count];
        var offsets = array.ValueOffsets;
        for (var code = 0; code < hashes.Length; code++)
        {
            var row = firstRows[code];
            hashes[code] = table.HashOf(table.GetOrAddValidUtf8(array.Values[offsets[row]..offsets[row + 1]]));
        }

        return new StoredTextCodes(codes, hashes, hashes.Length, System.Text.Ascii.IsValid(array.Values));
    }

    /// <summary>The column dictionary an array's codes were numbered in, and each code's id there (null: it was full; -1: a text not numbered there).</summary>
    private sealed record Numbering(ColumnTextDictionary Column, int[]? Ids);

    /// <summary>How often an array has been read as a group key and by predicates, and its codes once computed.</summary>
    private sealed class Uses
    {
        private int _reads;
        private int _predicateReads;
        private StoredTextCodes? _codes;
        private bool _computed;

        public Uses()
        {
        }

        /// <summary>Codes known from the start (<see cref="Attach"/>).</summary>
        public Uses(StoredTextCodes codes) => (_codes, _computed) = (codes, true);

        /// <summary>The codes once computed, without counting a read; null before, or when there were too many distinct texts.</summary>
        public StoredTextCodes? Computed => Volatile.Read(ref _computed) ? _codes : null;

        public StoredTextCodes? Codes(StringArray array)
        {
            if (Volatile.Read(ref _computed))
            {
                return _codes;
            }

            return Interlocked.Increment(ref _reads) < 2 ? null : ComputeOnce(array);
        }

        /// <summary>As <see cref="Codes"/>, counting a predicate's read of the whole array instead of a group key's.</summary>
        public StoredTextCodes? PredicateCodes(StringArray array)
        {
            if (Volatile.Read(ref _computed))
            {
                return _codes;
            }

            return Interlocked.Increment(ref _predicateReads) < 2 ? null : ComputeOnce(array);
        }

        private StoredTextCodes? ComputeOnce(StringArray array)
        {
            // Two threads may both compute them; either result is the same.
            _codes = Compute(array);
            Volatile.Write(ref _computed, true);
            return _codes;
        }
    }
}
