using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Unicode;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Dense ids for distinct texts, in order of first appearance, keyed by their UTF-8 bytes: an
/// open-addressing table of ids over one byte arena holding each distinct text once. Texts still in
/// storage form (<see cref="ColumnVector.HasUtf8"/>) are looked up without decoding; strings by the
/// string, encoded into a scratch buffer the first time. Bytes that are not valid UTF-8 are keyed as the string they decode
/// to, so that a text compares the same whichever form it arrives in. Nothing is allocated per row.
/// A slot keeps the hash, the length and the arena position inline (as DuckDB's and DataFusion's
/// string keys keep a hash or prefix next to the pointer), so most probes touch one slot and, on a
/// match, the bytes; a chunk's stored texts are hashed first and probed with prefetching.
/// </summary>
internal sealed class TextIdTable
{
    /// <summary>Rows hashed ahead of the one probed, so that their slots are fetched while it is compared (see <see cref="GetOrAddValidUtf8(Utf8Rows, ReadOnlySpan{int}, Span{int})"/>).</summary>
    private const int PrefetchDistance = 8;

    /// <summary>
    /// Slots (16 bytes each) from which on the table is prefetched: 1 MB of slots, past what one core
    /// keeps in L2 (at 256 KB, 5,000 search phrases, prefetching measured no better than none).
    /// </summary>
    private const int PrefetchFromSlots = 64 * 1024;

    private Slot[] _slots = new Slot[256];
    private ulong[] _hashes = new ulong[128];
    private (int Start, int Length)[] _texts = new (int, int)[128];
    private byte[] _arena = new byte[4096];
    private const int RecentStrings = 16;

    /// <summary>Bytes counted per string in <see cref="_stringIds"/> besides its characters: the entry and the string's header.</summary>
    private const long StringEntryBytes = 48;
    private readonly Dictionary<string, int> _stringIds = new(StringComparer.Ordinal);
    private readonly string?[] _recentTexts = new string?[RecentStrings];
    private readonly int[] _recentIds = new int[RecentStrings];
    private byte[] _scratch = new byte[256];
    private ulong[] _rowHashes = [];
    private int _arenaUsed;

    // What the strings keyed in _stringIds (kept alive by it) and their entries take.
    private long _stringBytes;

    public int Count { get; private set; }

    /// <summary>Bytes of the slots, the per-text arrays, the arena and the strings looked up by string (for the query memory limit).</summary>
    public long Bytes => (_slots.Length * 16L) + (_hashes.Length * 16L) + _arena.Length + _stringBytes;

    /// <summary>The id of a text as stored: UTF-8 bytes, possibly invalid.</summary>
    public int GetOrAddStored(ReadOnlySpan<byte> stored) =>
        Utf8.IsValid(stored) ? GetOrAddUtf8(stored) : GetOrAdd(Encoding.UTF8.GetString(stored));

    /// <summary>The id of stored UTF-8 bytes known to be valid (<see cref="ColumnVector.Utf8IsAscii"/>).</summary>
    public int GetOrAddValidUtf8(ReadOnlySpan<byte> utf8) => GetOrAddUtf8(utf8);

    /// <summary>
    /// The id of a string. Strings (texts computed or gathered by earlier operators) are looked up
    /// by the string first, so that each distinct string is encoded once, not once per row.
    /// </summary>
    public int GetOrAdd(string text)
    {
        // The same string object recurs (a CASE branch's constant, a decoder's cached string): its
        // id is remembered by reference, which saves hashing its characters again.
        var recent = RuntimeHelpers.GetHashCode(text) & (RecentStrings - 1);
        if (ReferenceEquals(_recentTexts[recent], text))
        {
            return _recentIds[recent];
        }

        if (!_stringIds.TryGetValue(text, out var id))
        {
            id = GetOrAddUtf8(Encode(text));
            _stringIds.Add(text, id);
            _stringBytes += StringEntryBytes + (2L * text.Length);
        }

        (_recentTexts[recent], _recentIds[recent]) = (text, id);
        return id;
    }

    /// <summary>
    /// The ids of many stored texts known to be valid UTF-8: of <c>stored[rows[k]]</c> into
    /// <paramref name="ids"/>[k], new ids in the order of <paramref name="rows"/>. All rows are hashed
    /// first; then each probe first prefetches the home slot of the row
    /// <see cref="PrefetchDistance"/> ahead, and the text bytes of the one half as far ahead, so that the
    /// table's cache misses overlap instead of coming one after another.
    /// </summary>
    public void GetOrAddValidUtf8(Utf8Rows stored, ReadOnlySpan<int> rows, Span<int> ids)
    {
        if (_rowHashes.Length < rows.Length)
        {
            _rowHashes = new ulong[rows.Length];
        }

        var hashes = _rowHashes.AsSpan(0, rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            hashes[k] = Hash(stored[rows[k]]);
        }

        GetOrAddValidUtf8(stored, rows, hashes, ids);
    }

    /// <summary>
    /// <see cref="GetOrAddValidUtf8(Utf8Rows, ReadOnlySpan{int}, Span{int})"/> for texts whose hashes
    /// are known already (<see cref="HashOf"/>, kept by <see cref="StoredTextCodes"/> for each code).
    /// </summary>
    public void GetOrAddValidUtf8(Utf8Rows stored, ReadOnlySpan<int> rows, ReadOnlySpan<ulong> hashes, Span<int> ids)
    {
        // A table that fits in the core's caches gains nothing from prefetching.
        if (!Sse.IsSupported || _slots.Length < PrefetchFromSlots)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                ids[k] = GetOrAddUtf8(stored[rows[k]], hashes[k]);
            }

            return;
        }

        for (var k = 0; k < rows.Length; k++)
        {
            if (k + PrefetchDistance < rows.Length)
            {
                PrefetchSlot(hashes[k + PrefetchDistance]);
            }

            if (k + (PrefetchDistance / 2) < rows.Length)
            {
                PrefetchText(hashes[k + (PrefetchDistance / 2)]);
            }

            ids[k] = GetOrAddUtf8(stored[rows[k]], hashes[k]);
        }
    }

    private int GetOrAddUtf8(ReadOnlySpan<byte> utf8) => GetOrAddUtf8(utf8, Hash(utf8));

    /// <summary>
    /// The id of bytes whose hash is known already (<see cref="HashOf"/> of another table), keyed by
    /// the bytes as they are, valid UTF-8 or not (<see cref="ColumnTextDictionary"/>).
    /// </summary>
    public int GetOrAddBytes(ReadOnlySpan<byte> bytes, ulong hash) => GetOrAddUtf8(bytes, hash);

    /// <summary>
    /// The probe: a slot holds the hash's high half, the id and where the text is in the arena, so a
    /// probe reads the slot and, when hash and length agree, the bytes, and nothing else.
    /// </summary>
    private int GetOrAddUtf8(ReadOnlySpan<byte> utf8, ulong hash)
    {
        var tag = (uint)(hash >> 32);
        var mask = _slots.Length - 1;
        for (var slot = (int)hash & mask; ; slot = (slot + 1) & mask)
        {
            ref var entry = ref _slots[slot];
            if (entry.IdPlusOne == 0)
            {
                var id = Add(utf8, hash);
                entry = new Slot(tag, id + 1, _texts[id].Start, utf8.Length);
                if (Count * 2 > _slots.Length)
                {
                    Rehash();
                }

                return id;
            }

            if (entry.Tag == tag && entry.Length == utf8.Length && utf8.SequenceEqual(_arena.AsSpan(entry.Start, entry.Length)))
            {
                return entry.IdPlusOne - 1;
            }
        }
    }

    /// <summary>Asks the CPU to fetch the home slot of a hash (a hint only: where the array moves, it is merely wasted).</summary>
    private unsafe void PrefetchSlot(ulong hash) => Sse.Prefetch0(Unsafe.AsPointer(ref _slots[(int)hash & (_slots.Length - 1)]));

    /// <summary>Asks the CPU to fetch the text of the home slot of a hash, once that slot has been fetched.</summary>
    private unsafe void PrefetchText(ulong hash)
    {
        var entry = _slots[(int)hash & (_slots.Length - 1)];
        if (entry.Length > 0)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _arena[entry.Start]));
        }
    }

    /// <summary>The hash of the text with this id, as any table hashes its bytes.</summary>
    public ulong HashOf(int id) => _hashes[id];

    /// <summary>The UTF-8 bytes of the text with this id.</summary>
    public ReadOnlySpan<byte> Utf8Of(int id) => _arena.AsSpan(_texts[id].Start, _texts[id].Length);

    /// <summary>
    /// The texts numbered so far, as they are now. A text's bytes, position and hash are written once, before
    /// its id is counted, and never again (growing copies them into new arrays), so the view stays valid
    /// while the table grows, on any thread that took it after the ids it reads were numbered.
    /// </summary>
    public NumberedTexts Numbered => new(_arena, _texts, _hashes, Count);

    private int Add(ReadOnlySpan<byte> utf8, ulong hash)
    {
        var id = Count;
        if (id == _hashes.Length)
        {
            var size = id * 2;
            Array.Resize(ref _hashes, size);
            Array.Resize(ref _texts, size);
        }

        if ((long)_arenaUsed + utf8.Length > _arena.Length)
        {
            var size = Math.Max((long)_arenaUsed + utf8.Length, _arena.Length * 2L);
            if (size > Array.MaxLength)
            {
                throw new YodaException("the distinct texts of a grouping exceed 2 GB");
            }

            Array.Resize(ref _arena, (int)size);
        }

        utf8.CopyTo(_arena.AsSpan(_arenaUsed));
        (_hashes[id], _texts[id]) = (hash, (_arenaUsed, utf8.Length));
        _arenaUsed += utf8.Length;
        Count++;
        return id;
    }

    private void Rehash()
    {
        _slots = new Slot[_slots.Length * 2];
        var mask = _slots.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var hash = _hashes[id];
            var slot = (int)hash & mask;
            while (_slots[slot].IdPlusOne != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = new Slot((uint)(hash >> 32), id + 1, _texts[id].Start, _texts[id].Length);
        }
    }

    private ReadOnlySpan<byte> Encode(string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_scratch.Length < most)
        {
            _scratch = new byte[Math.Max(most, _scratch.Length * 2)];
        }

        return _scratch.AsSpan(0, Encoding.UTF8.GetBytes(text, _scratch));
    }

    /// <summary>
    /// A 64-bit hash of every byte: eight bytes at a time, multiplied and rotated, then mixed; the
    /// last (up to) seven bytes are read as the final eight, overlapping the ones before.
    /// </summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xC2B2AE3D27D4EB4FUL, 29);
        }

        if (i < bytes.Length)
        {
            var tail = bytes.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]) : Short(bytes);
            hash = BitOperations.RotateLeft((hash ^ tail) * 0xC2B2AE3D27D4EB4FUL, 29);
        }

        hash ^= hash >> 32;
        hash *= 0x9E3779B97F4A7C15UL;
        return hash ^ (hash >> 29);
    }

    private static ulong Short(ReadOnlySpan<byte> bytes)
    {
        var value = 0UL;
        for (var j = bytes.Length - 1; j >= 0; j--)
        {
            value = (value << 8) | bytes[j];
        }

        return value;
    }

    /// <summary>The texts of ids below <see cref="Count"/> at the time <see cref="Numbered"/> was read.</summary>
    public readonly struct NumberedTexts(byte[] arena, (int Start, int Length)[] texts, ulong[] hashes, int count)
    {
        public int Count => count;

        public ReadOnlySpan<byte> Utf8Of(int id) => arena.AsSpan(texts[id].Start, texts[id].Length);

        public ulong HashOf(int id) => hashes[id];
    }

    /// <summary>A slot of the table: the high half of the text's hash, its id + 1 (0: empty), and where its bytes are.</summary>
    private readonly record struct Slot(uint Tag, int IdPlusOne, int Start, int Length);
}
