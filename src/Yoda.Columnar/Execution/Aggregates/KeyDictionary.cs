using System.Buffers.Binary;
using System.Numerics;
using StringArray = Apache.Arrow.StringArray;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Dense ids for the distinct values of one key column, in order of first appearance; NULL has an
/// id of its own. Specialised by kind: dense integers are direct-indexed, texts are
/// numbered by their UTF-8 bytes, other values go through a typed hash table (never boxed). Each id
/// remembers its value (the first row's), so a group table needs no copy of its keys.
/// </summary>
internal abstract class KeyDictionary
{
    private int _nullId = -1;

    public int Count { get; private set; }

    /// <summary>A dictionary for keys of <paramref name="kind"/>; integer keys rent their large arrays from <paramref name="buffers"/>.</summary>
    public static KeyDictionary For(ValueKind kind, QueryBuffers buffers) => kind switch
    {
        ValueKind.Integer => new IntegerKeys(buffers),
        ValueKind.Real => new TypedKeys<double>(ValueKind.Real, v => v.Doubles, EqualityComparer<double>.Default),
        ValueKind.Text => new TextKeys(buffers),
        _ => new TypedKeys<byte[]>(ValueKind.Blob, v => v.Blobs, new BlobComparer()),
    };

    /// <summary>Bytes of the values whose size follows their length (long texts: their table's slots, bytes and strings), for the query memory limit.</summary>
    public virtual long HeldBytes => 0;

    /// <summary>Fills <paramref name="ids"/>[k] with the id of the value in row <c>rows[k]</c>, creating ids as needed.</summary>
    public abstract void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids);

    /// <summary>The value of each of <paramref name="ids"/>, NULL for the NULL id.</summary>
    public ColumnVector ValuesOf(ReadOnlySpan<int> ids)
    {
        bool[]? nulls = null;
        if (_nullId >= 0 && ids.Contains(_nullId))
        {
            nulls = new bool[ids.Length];
            for (var k = 0; k < ids.Length; k++)
            {
                nulls[k] = ids[k] == _nullId;
            }
        }

        return Values(ids, nulls);
    }

    /// <summary>The values of <paramref name="ids"/>, with these <paramref name="nulls"/> (where the NULL id is).</summary>
    protected abstract ColumnVector Values(ReadOnlySpan<int> ids, bool[]? nulls);

    protected bool IsNullId(int id) => id == _nullId;

    protected int NewId() => Count++;

    protected int NullId() => _nullId >= 0 ? _nullId : _nullId = Count++;

    protected static void Set<T>(ref T[] values, int id, T value)
    {
        if (id >= values.Length)
        {
            Array.Resize(ref values, Math.Max(id + 1, values.Length * 2));
        }

        values[id] = value;
    }

    /// <summary>
    /// Integers, direct-indexed in a window of values [base, base + length) where they are dense, through
    /// a hash table of other integers elsewhere. The window's base is 0 when the first chunk's smallest
    /// value is a non-negative integer below <see cref="AlwaysDirect"/> (order numbers, surrogate keys from 1),
    /// else that smallest value: dense keys far from 0 (ClickBench's user ids, 10^9 + up to 100,000) are
    /// direct-indexed too, and so are a parallel morsel's keys (a lineitem morsel's 16,000 order keys
    /// from 260,000 on, say), which a window at 0 would cover too sparsely for them: they would all go
    /// through the hash table. The window grows over a value outside it while it stays dense enough.
    /// </summary>
    private sealed class IntegerKeys(QueryBuffers buffers) : KeyDictionary
    {
        /// <summary>A window of up to this many slots (256 KB) is always taken.</summary>
        private const int AlwaysDirect = 1 << 16;

        /// <summary>The window grows to at most this many slots (16 MB)...</summary>
        private const int MaxDirect = 1 << 22;

        /// <summary>
        /// ...and only while it has at most this many slots per id: dense keys take an array load
        /// instead of a probe of the table of other integers, whose slots (12 bytes each, at most half
        /// full) cost about as much per id.
        /// </summary>
        private const int SlotsPerId = 8;

        private const int FirstWindow = 1024;

        private readonly IntegerIdTable _others = new(buffers);

        // The window: slot v - _base holds the id + 1 of value v (0: no id yet). Every id whose value
        // lies in the window has its slot; every other id is in _others. A value is in the window when
        // the unchecked (ulong)(v - _base) is below _length: modulo 2^64, so each value has one slot
        // whatever the base. The window is kept within the range of long (_base + _length - 1 fits a
        // long), so that growing it compares true values.
        private long _base;
        private int _length = FirstWindow;
        private int[] _direct = new int[FirstWindow];
        private bool _based;
        private long[] _values = new long[64];

        /// <summary>Rows ahead whose home slot in the table of other integers is prefetched (when that table is large).</summary>
        private const int PrefetchDistance = 8;

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var values = key.LongValues;
            var nulls = key.Nulls;
            if (!_based)
            {
                ChooseBase(values, nulls, rows);
            }

            var prefetch = _others.PrefetchPays;
            var directRuns = nulls is null && !prefetch;
            var (direct, @base, length) = (_direct, _base, (ulong)_length);
            for (var k = 0; k < rows.Length; k++)
            {
                if (directRuns && (k = AssignInWindow(values, rows, ids, k)) == rows.Length)
                {
                    break;
                }

                if (prefetch && k + PrefetchDistance < rows.Length)
                {
                    // A NULL row's value slot holds some integer: prefetching its slot is harmless.
                    _others.Prefetch(values[rows[k + PrefetchDistance]]);
                }

                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                var value = values[row];
                var offset = unchecked((ulong)(value - @base));
                if (offset < length)
                {
                    ref var slot = ref direct[offset];
                    ids[k] = (slot == 0 ? slot = Add(value) + 1 : slot) - 1;
                }
                else if (TryCover(value))
                {
                    (direct, @base, length) = (_direct, _base, (ulong)_length);
                    k--;
                }
                else
                {
                    var id = _others.GetOrAdd(value, Count);
                    ids[k] = id == Count ? Add(value) : id;
                }
            }
        }

        /// <summary>
        /// The ids of rows <paramref name="k"/>, ... as long as their values are in the window (no NULL
        /// among them): the loop that takes dense keys' rows without the checks of the general one.
        /// Returns the first row it did not take.
        /// </summary>
        private int AssignInWindow(ReadOnlySpan<long> values, ReadOnlySpan<int> rows, Span<int> ids, int k)
        {
            var (direct, @base, length) = (_direct, _base, (ulong)_length);
            for (; k < rows.Length; k++)
            {
                var value = values[rows[k]];
                var offset = unchecked((ulong)(value - @base));
                if (offset >= length)
                {
                    break;
                }

                ref var slot = ref direct[offset];
                ids[k] = (slot == 0 ? slot = Add(value) + 1 : slot) - 1;
            }

            return k;
        }

        /// <summary>
        /// Places the window at the first rows that have a value (no id has a value before them): at 0
        /// when their smallest value is non-negative and within the window always taken, else at that value.
        /// </summary>
        private void ChooseBase(ReadOnlySpan<long> values, bool[]? nulls, ReadOnlySpan<int> rows)
        {
            var min = long.MaxValue;
            foreach (var row in rows)
            {
                if (nulls is null || !nulls[row])
                {
                    _based = true;
                    min = Math.Min(min, values[row]);
                }
            }

            if (_based && (ulong)min >= AlwaysDirect)
            {
                _base = Math.Min(min, long.MaxValue - _length + 1);
            }
        }

        /// <summary>
        /// Grows the window over <paramref name="value"/> (keeping what it covers) when the grown window
        /// is at most <see cref="MaxDirect"/> slots and dense enough; false otherwise.
        /// </summary>
        private bool TryCover(long value)
        {
            var low = Int128.Min(_base, value);
            var high = Int128.Max((Int128)_base + _length, (Int128)value + 1);
            if (high - low > MaxDirect)
            {
                return false;
            }

            var length = Math.Max(AlwaysDirect, (int)BitOperations.RoundUpToPowerOf2((uint)(high - low)));
            if (length > Math.Max(AlwaysDirect, (long)SlotsPerId * (Count + 1)))
            {
                return false;
            }

            // Grown downwards, the window keeps its top and takes all its new slots below; the bounds of
            // long then pull it back inside (it still covers low .. high, which lie within them).
            var @base = value < _base ? high - length : low;
            @base = Int128.Clamp(@base, long.MinValue, (Int128)long.MaxValue - length + 1);
            Rebase((long)@base, length);
            return true;
        }

        private void Rebase(long @base, int length)
        {
            var (oldBase, oldLength, old) = (_base, _length, _direct);
            var direct = buffers.Rent<int>(length);
            old.AsSpan(0, oldLength).CopyTo(direct.AsSpan((int)(oldBase - @base)));
            buffers.Return(old);
            (_base, _length, _direct) = (@base, length, direct);
            if (_others.Count == 0)
            {
                return;
            }

            // Values met while the window did not cover them have their ids in the table of other
            // integers, which is no longer asked once the window covers them: their slots take those ids.
            for (var id = 0; id < Count; id++)
            {
                // The NULL id has no value (nor, when it is the last id, a slot in _values).
                if (IsNullId(id))
                {
                    continue;
                }

                var value = _values[id];
                if (unchecked((ulong)(value - oldBase)) >= (ulong)oldLength && unchecked((ulong)(value - @base)) < (ulong)length)
                {
                    direct[value - @base] = id + 1;
                }
            }
        }

        protected override ColumnVector Values(ReadOnlySpan<int> ids, bool[]? nulls)
        {
            var result = new long[ids.Length];
            for (var k = 0; k < ids.Length; k++)
            {
                result[k] = IsNullId(ids[k]) ? 0 : _values[ids[k]];
            }

            return ColumnVector.OfLongs(result, nulls);
        }

        private int Add(long value)
        {
            var id = NewId();
            if (id >= _values.Length)
            {
                buffers.Resize(ref _values, Math.Max(id + 1, _values.Length * 2));
            }

            _values[id] = value;
            return id;
        }
    }

    /// <summary>
    /// Texts by their UTF-8 bytes, read from storage without decoding where they come from a scan.
    /// ASCII texts of up to seven bytes (flags, codes, short names) are packed with their length into
    /// one integer and looked up in an integer table, without hashing or comparing bytes; other texts
    /// go through a <see cref="TextIdTable"/>. A text takes the same path whether it comes as stored
    /// bytes or as a string, so it gets one id either way.
    /// </summary>
    private sealed class TextKeys(QueryBuffers buffers) : KeyDictionary
    {
        private const int MaxShortLength = 7;

        // Groups per text of this key from which the texts are laid out once before the groups' are copied.
        private const int RepeatsWorthLayingOut = 2;
        private const ulong NonAscii = 0x0080808080808080UL;

        // Marks a NULL row in the per-row scratch of packed texts (a packed text is never negative, a long one is 0).
        private const long NullMark = -1;

        private readonly TextIdTable _table = new();
        private readonly IntegerIdTable _short = new(buffers);

        public override long HeldBytes => _table.Bytes;

        // The table's ids leave out NULL and the short texts, which take ids of this dictionary's too.
        private int[] _keyIds = new int[64];

        // Per id of this dictionary: the packed short text, or 0 and the table's id.
        private long[] _packed = new long[64];
        private int[] _tableIds = new int[64];
        private int _mappedTableIds;

        // Per-chunk scratch of AssignValidUtf8: each row's packed text, the long texts' rows, hashes (when
        // known from the codes) and table ids.
        private long[] _rowPacked = [];
        private int[] _longRows = [];
        private ulong[] _longHashes = [];
        private int[] _longIds = [];

        // The codes of the stored array last read (see AssignCoded), and each of its codes' id + 1 (0: not looked up yet).
        private StoredTextCodes? _codes;
        private int[] _codeIds = [];

        // The column whose dictionary this key uses (the first one met; arrays of other columns are looked up per
        // array), its dictionary, the column ids of the array last read, and each column id's id + 1 (0: not met yet).
        private object? _column;
        private ColumnTextDictionary? _columnDictionary;
        private int[]? _columnIds;
        private int[] _columnKeyIds = [];

        // Per id of this dictionary: its column id + 1 (0: none, the text came from elsewhere).
        private int[] _keyColumnIds = new int[64];

        // Ids of long texts given by their column ids alone, not (yet) in _table (their _tableIds are -1; see
        // AssignCodedAscii), and the column's texts read last, which hold their bytes and hashes.
        private int _columnOnlyIds;
        private TextIdTable.NumberedTexts _columnTexts;

        // The string instances AssignStrings met last (by reference, replaced in turn) and their ids.
        private const int RecentCount = 4;
        private readonly string?[] _recentTexts = new string?[RecentCount];
        private readonly int[] _recentIds = new int[RecentCount];
        private int _nextRecent;

        // Per-chunk scratch of AssignCoded over ASCII texts: the rows of the codes met first in the chunk, and their ids.
        private int[] _firstRows = [];
        private int[] _firstIds = [];

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            if (key.StoredUtf8Array is { } array && StoredTextCodes.Of(array) is { } codes)
            {
                AssignCoded(key, array, codes, rows, ids);
                return;
            }

            if (key.HasUtf8 && key.Utf8IsAscii)
            {
                AssignValidUtf8(key, rows, ids);
                return;
            }

            if (!key.HasUtf8)
            {
                AssignStrings(key.Texts, key.Nulls, rows, ids);
                return;
            }

            var nulls = key.Nulls;
            var stored = key.Utf8Texts;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                var packed = Pack(stored[row]);
                ids[k] = packed != 0 ? ShortId(packed) : KeyIdOf(Table.GetOrAddStored(stored[row]));
            }
        }

        /// <summary>
        /// Texts as strings (computed keys). A row holding one of the last few string instances met
        /// takes its id without packing or hashing: a CASE writes its constant branches' one instance
        /// into every row that takes them, and its branches alternate from row to row, so one
        /// remembered string would miss about every other row.
        /// </summary>
        private void AssignStrings(string[] texts, bool[]? nulls, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var recentTexts = _recentTexts;
            var recentIds = _recentIds;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                var text = texts[row];
                var slot = 0;
                while (slot < RecentCount && !ReferenceEquals(recentTexts[slot], text))
                {
                    slot++;
                }

                if (slot == RecentCount)
                {
                    var packed = Pack(text);
                    slot = _nextRecent;
                    _nextRecent = (_nextRecent + 1) % RecentCount;
                    recentTexts[slot] = text;
                    recentIds[slot] = packed != 0 ? ShortId(packed) : KeyIdOf(Table.GetOrAdd(text));
                }

                ids[k] = recentIds[slot];
            }
        }

        /// <summary>
        /// Stored texts of a dictionary-encoded array: each code's id is looked up when the code first
        /// appears (so ids still come in order of first appearance), every other row takes its code's id.
        /// A code whose column id (<see cref="ColumnTextDictionary"/>) an earlier segment met takes that
        /// one's id without a look-up.
        /// </summary>
        private void AssignCoded(ColumnVector key, StringArray array, StoredTextCodes codes, ReadOnlySpan<int> rows, Span<int> ids)
        {
            if (!ReferenceEquals(codes, _codes))
            {
                // The next segment's array: its codes mean other texts.
                _codes = codes;
                if (_codeIds.Length < codes.Count)
                {
                    _codeIds = new int[Math.Max(codes.Count, _codeIds.Length * 2)];
                }

                _codeIds.AsSpan(0, codes.Count).Clear();
                _columnIds = ColumnIdsOf(key, array, codes);
            }

            if (codes.IsAscii)
            {
                AssignCodedAscii(key, codes, rows, ids);
                return;
            }

            var nulls = key.Nulls;
            var stored = key.Utf8Texts;
            var rowCodes = codes.Codes.AsSpan(key.StoredUtf8Start);
            var codeIds = _codeIds;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                    continue;
                }

                // Slots hold id + 1, so that 0 means "not looked up yet".
                var code = rowCodes[row];
                ref var slot = ref codeIds[code];
                if (slot == 0 && (slot = ColumnKeyId(code)) == 0)
                {
                    var packed = Pack(stored[row]);
                    slot = (packed != 0 ? ShortId(packed) : KeyIdOf(Table.GetOrAddStored(stored[row]))) + 1;
                    SetColumnKeyId(code, slot);
                }

                ids[k] = slot - 1;
            }
        }

        /// <summary>
        /// Stored ASCII texts of a dictionary-encoded array (h2o's id3, ClickBench's URLs): the rows of
        /// the codes not looked up yet are gathered first (each code's first row in the chunk, and the
        /// chunk's first NULL row, so that ids still come in order of first appearance) and looked up
        /// together by <see cref="AssignValidUtf8"/>, which hashes them all before probing and needs no
        /// UTF-8 check per text; then every row takes its code's id.
        /// While no long text has been looked up by its bytes (<see cref="_table"/> is empty), a long text
        /// with a column id is new to this key when its column id is: it takes a new id at once, and its bytes
        /// stay in the column's dictionary (cb-top-urls: 42,000 URLs a query were copied, hashed and probed).
        /// Until a row of the chunk has been gathered, NULLs and short texts take their ids at once too, so
        /// that ids still come in order of first appearance. The first pass writes every row's id; only a chunk
        /// with a gathered code or a NULL takes the second (h2o-q3's consumer groups a million rows this way).
        /// </summary>
        private void AssignCodedAscii(ColumnVector key, StoredTextCodes codes, ReadOnlySpan<int> rows, Span<int> ids)
        {
            if (_firstRows.Length < rows.Length)
            {
                _firstRows = new int[rows.Length];
                _firstIds = new int[rows.Length];
            }

            var nulls = key.Nulls;
            var rowCodes = codes.Codes.AsSpan(key.StoredUtf8Start);
            var codeIds = _codeIds;
            var firstRows = _firstRows;
            var first = 0;
            var nullMet = false;
            var byColumn = _columnIds is not null && _table.Count == 0;
            var stored = key.Utf8Texts;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    if (!nullMet)
                    {
                        nullMet = true;
                        if (byColumn && first == 0)
                        {
                            NullId();
                        }
                        else
                        {
                            firstRows[first++] = row;
                        }
                    }

                    continue;
                }

                // Slots hold id + 1 (0: not looked up yet); -1 marks a code gathered in this chunk.
                var code = rowCodes[row];
                ref var slot = ref codeIds[code];
                if (slot == 0 && (slot = ColumnKeyId(code)) == 0)
                {
                    if (byColumn && first == 0 && _columnIds![code] >= 0)
                    {
                        slot = ColumnTextId(code, stored[row]) + 1;
                    }
                    else
                    {
                        slot = -1;
                        firstRows[first++] = row;
                    }
                }

                // A gathered code's -1 gives -2 here, rewritten by the second pass below.
                ids[k] = slot - 1;
            }

            // Every row has its id already unless a code was gathered or a NULL met (the common chunk: one pass).
            if (first == 0 && !nullMet)
            {
                return;
            }

            if (first > 0)
            {
                var firstIds = _firstIds.AsSpan(0, first);
                AssignValidUtf8(key, firstRows.AsSpan(0, first), firstIds, codes);
                for (var f = 0; f < first; f++)
                {
                    var row = firstRows[f];
                    if (nulls is null || !nulls[row])
                    {
                        var code = rowCodes[row];
                        codeIds[code] = firstIds[f] + 1;
                        SetColumnKeyId(code, firstIds[f] + 1);
                    }
                }
            }

            var nullId = nullMet ? NullId() : -1;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                ids[k] = nulls is not null && nulls[row] ? nullId : codeIds[rowCodes[row]] - 1;
            }
        }

        /// <summary>
        /// The id of a code with a column id met for the first time by this key while <see cref="_table"/> is
        /// empty: a short text's as always, a long text's new, without the table (see <see cref="AssignCodedAscii"/>).
        /// </summary>
        private int ColumnTextId(int code, ReadOnlySpan<byte> text)
        {
            var packed = Pack(text);
            int id;
            if (packed != 0)
            {
                id = ShortId(packed);
            }
            else
            {
                id = NewId();
                Set(ref _packed, id, 0);
                Set(ref _tableIds, id, -1);
                _columnOnlyIds++;
            }

            SetColumnKeyId(code, id + 1);
            return id;
        }

        /// <summary>
        /// The table of long texts, holding every long text this key has an id for: the texts given ids by their
        /// column ids alone are added (in id order, so table ids stay in key id order) before its first look-up.
        /// </summary>
        private TextIdTable Table
        {
            get
            {
                if (_columnOnlyIds > 0)
                {
                    AddColumnOnlyTexts();
                }

                return _table;
            }
        }

        private void AddColumnOnlyTexts()
        {
            var texts = ColumnTexts();
            for (var id = 0; id < Count; id++)
            {
                if (!IsNullId(id) && _packed[id] == 0 && _tableIds[id] < 0)
                {
                    var columnId = _keyColumnIds[id] - 1;
                    var tableId = _table.GetOrAddBytes(texts.Utf8Of(columnId), texts.HashOf(columnId));
                    Set(ref _keyIds, tableId, id);
                    _tableIds[id] = tableId;
                    _mappedTableIds++;
                }
            }

            _columnOnlyIds = 0;
        }

        /// <summary>The column's texts, read again while this key has texts given ids by their column ids alone (numbered before, so held by a new read).</summary>
        private TextIdTable.NumberedTexts ColumnTexts()
        {
            if (_columnOnlyIds > 0)
            {
                _columnTexts = _columnDictionary!.Numbered;
            }

            return _columnTexts;
        }

        /// <summary>
        /// The column ids of the codes of <paramref name="array"/> when it is a segment of the column this
        /// key uses (the first column met), else null.
        /// </summary>
        private int[]? ColumnIdsOf(ColumnVector key, StringArray array, StoredTextCodes codes)
        {
            if (key.StoredUtf8Column is not { } column)
            {
                return null;
            }

            if (_column is null)
            {
                (_column, _columnDictionary) = (column, ColumnTextDictionary.Of(column));
            }

            return ReferenceEquals(column, _column) ? codes.ColumnIds(array, _columnDictionary!) : null;
        }

        /// <summary>The id + 1 that an earlier segment's code of the same text as <paramref name="code"/> took, 0 when none did.</summary>
        private int ColumnKeyId(int code)
        {
            if (_columnIds is not { } columnIds)
            {
                return 0;
            }

            // Negative: a text the column's dictionary has not numbered (a merged group's, see Values).
            var columnId = columnIds[code];
            return (uint)columnId < (uint)_columnKeyIds.Length ? _columnKeyIds[columnId] : 0;
        }

        /// <summary>Remembers the id + 1 of <paramref name="code"/>'s text for the later segments' codes of it.</summary>
        private void SetColumnKeyId(int code, int keyIdPlusOne)
        {
            if (_columnIds is not { } columnIds)
            {
                return;
            }

            var columnId = columnIds[code];
            if (columnId < 0)
            {
                return;
            }

            if (columnId >= _columnKeyIds.Length)
            {
                buffers.Resize(ref _columnKeyIds, Math.Max(columnId + 1, Math.Max(1024, _columnKeyIds.Length * 2)));
            }

            _columnKeyIds[columnId] = keyIdPlusOne;
            Set(ref _keyColumnIds, keyIdPlusOne - 1, columnId + 1);
        }

        /// <summary>
        /// Stored texts known to be valid UTF-8, in three passes: NULLs and short texts are told apart,
        /// the long texts are looked up in the table together (which hashes them all before probing,
        /// see <see cref="TextIdTable.GetOrAddValidUtf8(Utf8Rows, ReadOnlySpan{int}, Span{int})"/>), and
        /// the ids are handed out in row order, so they come in order of first appearance as in the row-at-a-time loop.
        /// With the array's <paramref name="codes"/>, the long texts' hashes are the codes' (computed once for the array's life).
        /// </summary>
        private void AssignValidUtf8(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids, StoredTextCodes? codes = null)
        {
            if (_rowPacked.Length < rows.Length)
            {
                _rowPacked = new long[rows.Length];
                _longRows = new int[rows.Length];
                _longHashes = new ulong[rows.Length];
                _longIds = new int[rows.Length];
            }

            var nulls = key.Nulls;
            var stored = key.Utf8Texts;
            var longCount = 0;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                var packed = nulls is not null && nulls[row] ? NullMark : Pack(stored[row]);
                _rowPacked[k] = packed;
                if (packed == 0)
                {
                    _longRows[longCount++] = row;
                }
            }

            var longRows = _longRows.AsSpan(0, longCount);
            var longIds = _longIds.AsSpan(0, longCount);
            if (codes is null)
            {
                Table.GetOrAddValidUtf8(stored, longRows, longIds);
            }
            else
            {
                var rowCodes = codes.Codes.AsSpan(key.StoredUtf8Start);
                var longHashes = _longHashes.AsSpan(0, longCount);
                for (var l = 0; l < longRows.Length; l++)
                {
                    longHashes[l] = codes.Hashes[rowCodes[longRows[l]]];
                }

                Table.GetOrAddValidUtf8(stored, longRows, longHashes, longIds);
            }

            for (int k = 0, next = 0; k < rows.Length; k++)
            {
                var packed = _rowPacked[k];
                ids[k] = packed == NullMark ? NullId() : packed != 0 ? ShortId(packed) : KeyIdOf(_longIds[next++]);
            }
        }

        private int ShortId(long packed)
        {
            var id = _short.GetOrAdd(packed, Count);
            return id == Count ? AddShort(packed) : id;
        }

        /// <summary>This dictionary's id of a table id, new when the table id is (table ids come in order).</summary>
        private int KeyIdOf(int tableId)
        {
            if (tableId == _mappedTableIds)
            {
                var keyId = NewId();
                Set(ref _keyIds, tableId, keyId);
                Set(ref _tableIds, keyId, tableId);
                Set(ref _packed, keyId, 0);
                _mappedTableIds++;
            }

            return _keyIds[tableId];
        }

        /// <summary>
        /// The texts as their UTF-8 bytes (the dictionary's own), copied straight into one Arrow array: no string per
        /// group. Where groups outnumber this key's texts (<see cref="RepeatsWorthLayingOut"/>), each text is laid out
        /// once and every group's copied from there (<see cref="BuiltFromLaidOutTexts"/>), else each group's is read where it is.
        /// </summary>
        protected override ColumnVector Values(ReadOnlySpan<int> ids, bool[]? nulls)
        {
            var columnTexts = ColumnTexts();
            var builder = ids.Length >= RepeatsWorthLayingOut * (long)Count
                ? BuiltFromLaidOutTexts(ids, columnTexts)
                : BuiltInPlace(ids, columnTexts);
            if (_columnDictionary is null || !AreAllIdsInOrder(ids))
            {
                return builder.Build(nulls);
            }

            var vector = builder.Build(nulls, _column);
            AttachCodes(vector.StoredUtf8Array!, ids.Length, columnTexts);
            return vector;
        }

        /// <summary>Each id's text copied from where it is: measured first, then copied.</summary>
        private Utf8VectorBuilder BuiltInPlace(ReadOnlySpan<int> ids, TextIdTable.NumberedTexts columnTexts)
        {
            Span<byte> packed = stackalloc byte[sizeof(long)];
            var bytes = 0L;
            foreach (var id in ids)
            {
                bytes += BytesOf(id, packed, columnTexts).Length;
            }

            var builder = new Utf8VectorBuilder(ids.Length, CheckedLength(bytes));
            foreach (var id in ids)
            {
                var text = BytesOf(id, packed, columnTexts);
                text.CopyTo(builder.Next(text.Length));
            }

            return builder;
        }

        /// <summary>
        /// Every text of this key laid out once, one after another with their starts (packed, table and column texts
        /// alike, padded for <see cref="Utf8VectorBuilder.AppendWords"/>), then each id's copied from there a word at a time.
        /// h2o-q10's million groups have 100 or 10,000 texts per key: telling the three kinds of text apart and calling
        /// Memmove for a few bytes, twice per group (measure, copy), took a fifth of the query's aggregation.
        /// The layout is a copy of bytes the dictionary holds already, rented for the call.
        /// </summary>
        private Utf8VectorBuilder BuiltFromLaidOutTexts(ReadOnlySpan<int> ids, TextIdTable.NumberedTexts columnTexts)
        {
            Span<byte> packed = stackalloc byte[sizeof(long)];
            var starts = buffers.RentUninitialized<int>(Count + 1);
            var laidOut = 0L;
            for (var id = 0; id < Count; id++)
            {
                starts[id] = (int)laidOut;
                laidOut = CheckedLength(laidOut + BytesOf(id, packed, columnTexts).Length);
            }

            starts[Count] = (int)laidOut;
            var texts = buffers.RentUninitialized<byte>(CheckedLength(laidOut + Utf8VectorBuilder.WordPadding));
            for (var id = 0; id < Count; id++)
            {
                BytesOf(id, packed, columnTexts).CopyTo(texts.AsSpan(starts[id]));
            }

            // The padding is read past the last text: no bytes of an earlier renter's.
            texts.AsSpan((int)laidOut, Utf8VectorBuilder.WordPadding).Clear();
            var bytes = 0L;
            foreach (var id in ids)
            {
                bytes += starts[id + 1] - starts[id];
            }

            var builder = new Utf8VectorBuilder(ids.Length, CheckedLength(bytes));
            foreach (var id in ids)
            {
                builder.AppendWords(texts, starts[id], starts[id + 1] - starts[id]);
            }

            buffers.Return(texts);
            buffers.Return(starts);
            return builder;
        }

        /// <summary>
        /// Whether <paramref name="ids"/> are this dictionary's ids 0, 1, ... (the groups of a single key), at
        /// most as many as 16-bit codes number: the texts are then distinct and their ids can be their codes.
        /// </summary>
        private bool AreAllIdsInOrder(ReadOnlySpan<int> ids)
        {
            if (ids.Length != Count || ids.Length > ushort.MaxValue + 1)
            {
                return false;
            }

            for (var k = 0; k < ids.Length; k++)
            {
                if (ids[k] != k)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Gives the array of all this dictionary's texts (row k: id k) its codes at once: each row's id,
        /// with its hash and its column id where it has one. A table that merges these groups (a parallel
        /// partial's into the whole's) then finds each text met before by its column id, without hashing
        /// or comparing its bytes, and looks up only the others.
        /// </summary>
        private void AttachCodes(StringArray array, int count, TextIdTable.NumberedTexts columnTexts)
        {
            var codes = new ushort[count];
            var hashes = new ulong[count];
            var columnIds = new int[count];
            for (var id = 0; id < count; id++)
            {
                codes[id] = (ushort)id;
                var isLongText = !IsNullId(id) && _packed[id] == 0;
                columnIds[id] = (id < _keyColumnIds.Length ? _keyColumnIds[id] : 0) - 1;
                hashes[id] = !isLongText ? 0 : _tableIds[id] >= 0 ? _table.HashOf(_tableIds[id]) : columnTexts.HashOf(columnIds[id]);
            }

            StoredTextCodes.Attach(array, codes, hashes, System.Text.Ascii.IsValid(array.Values), _columnDictionary!, columnIds);
        }

        /// <summary>
        /// The bytes of an id's text (none for the NULL id); a packed short text is unpacked into <paramref name="buffer"/>, a
        /// text given its id by its column id alone is read from <paramref name="columnTexts"/>.
        /// </summary>
        private ReadOnlySpan<byte> BytesOf(int id, Span<byte> buffer, TextIdTable.NumberedTexts columnTexts) =>
            IsNullId(id) ? [] : _packed[id] != 0 ? Unpack(_packed[id], buffer)
            : _tableIds[id] >= 0 ? _table.Utf8Of(_tableIds[id]) : columnTexts.Utf8Of(_keyColumnIds[id] - 1);

        /// <summary>The bytes of a packed short text (see <see cref="Pack(ReadOnlySpan{byte})"/>), written into <paramref name="buffer"/>.</summary>
        private static ReadOnlySpan<byte> Unpack(long packed, Span<byte> buffer)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, packed);
            return buffer[..PackedLength(packed)];
        }

        private static int PackedLength(long packed) => (int)((ulong)packed >> 56) - 1;

        private static int CheckedLength(long bytes) =>
            bytes <= Array.MaxLength ? (int)bytes : throw new YodaException("a text result column of more than 2 GB is not supported yet");

        /// <summary>An ASCII text of up to seven bytes as its bytes (little-endian) with its length + 1 in the top byte; 0 for any other text.</summary>
        private static long Pack(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > MaxShortLength)
            {
                return 0;
            }

            var packed = 0UL;
            for (var i = 0; i < utf8.Length; i++)
            {
                packed |= (ulong)utf8[i] << (8 * i);
            }

            return (packed & NonAscii) == 0 ? (long)(packed | ((ulong)(utf8.Length + 1) << 56)) : 0;
        }

        /// <inheritdoc cref="Pack(ReadOnlySpan{byte})"/>
        private static long Pack(string text)
        {
            if (text.Length > MaxShortLength)
            {
                return 0;
            }

            var packed = 0UL;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] > 0x7F)
                {
                    return 0;
                }

                packed |= (ulong)text[i] << (8 * i);
            }

            return (long)(packed | ((ulong)(text.Length + 1) << 56));
        }

        private int AddShort(long packed)
        {
            var id = NewId();
            Set(ref _packed, id, packed);
            return id;
        }
    }

    private sealed class TypedKeys<T>(ValueKind kind, Func<ColumnVector, T[]> valuesOf, IEqualityComparer<T> comparer) : KeyDictionary
        where T : notnull
    {
        private readonly Dictionary<T, int> _ids = new(comparer);
        private T[] _values = new T[64];

        public override void Assign(ColumnVector key, ReadOnlySpan<int> rows, Span<int> ids)
        {
            var values = valuesOf(key);
            var nulls = key.Nulls;
            for (var k = 0; k < rows.Length; k++)
            {
                var row = rows[k];
                if (nulls is not null && nulls[row])
                {
                    ids[k] = NullId();
                }
                else if (_ids.TryGetValue(values[row], out var id))
                {
                    ids[k] = id;
                }
                else
                {
                    ids[k] = _ids[values[row]] = NewId();
                    Set(ref _values, ids[k], values[row]);
                }
            }
        }

        protected override ColumnVector Values(ReadOnlySpan<int> ids, bool[]? nulls)
        {
            var result = ColumnVector.Create(kind, ids.Length, withNulls: nulls is not null);
            for (var k = 0; k < ids.Length; k++)
            {
                // Boxes once per group, when the result is built.
                result.SetValue(k, IsNullId(ids[k]) ? null : _values[ids[k]]);
            }

            return result;
        }
    }

    private sealed class BlobComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
