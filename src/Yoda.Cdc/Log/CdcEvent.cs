using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Log;

/// <summary>The kind of change an event records.</summary>
public enum ChangeKind
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// One captured change. <see cref="OldKey"/> holds the key before the change (update and delete;
/// empty for an insert); <see cref="Row"/> the row after the change (insert, update) or before it
/// (delete), in the column order of <see cref="SchemaVersion"/>, with the rowid first for rowid
/// tables. Both are as wide as the log, so trailing values beyond the table's own are NULL. The
/// values live in a block shared by the events read together (see <see cref="CdcEventBuffer"/>);
/// a struct, so that reading a batch allocates nothing per event.
/// </summary>
public readonly struct CdcEvent
{
    private readonly StorageValue[] _block;
    private readonly int _offset;
    private readonly int _keys;
    private readonly int _values;

    public CdcEvent(long sequence, string table, ChangeKind kind, long timestampMicros, int schemaVersion, StorageValue[] block, int offset, int keys, int values)
    {
        Sequence = sequence;
        Table = table;
        Kind = kind;
        TimestampMicros = timestampMicros;
        SchemaVersion = schemaVersion;
        _block = block;
        _offset = offset;
        _keys = keys;
        _values = values;
    }

    public long Sequence { get; }

    public string Table { get; }

    public ChangeKind Kind { get; }

    public long TimestampMicros { get; }

    public int SchemaVersion { get; }

    public ReadOnlySpan<StorageValue> OldKey => Kind == ChangeKind.Insert ? [] : _block.AsSpan(_offset, _keys);

    public ReadOnlySpan<StorageValue> Row => _block.AsSpan(_offset + _keys, _values);
}
