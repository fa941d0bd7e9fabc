using Yoda.Cdc.Log;
using Yoda.Cdc.Registration;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>
/// Turns an event's row image, captured under any schema version of its table, into a row of
/// the table's current columns: columns added since are NULL, columns dropped since are ignored.
/// The mapped row lives in a buffer of the mapper that the next event overwrites.
/// </summary>
public sealed class EventMapper
{
    private readonly ReplicatedTable _table;
    private readonly Dictionary<int, int[]> _sourceIndexByVersion = new();
    private readonly StorageValue[] _row;
    private readonly int[] _keyPrefix;

    /// <summary>The last version looked up: events of one version come in long runs.</summary>
    private int _lastVersion = -1;
    private int[] _lastIndexes = [];

    public EventMapper(ReplicatedTable table)
    {
        _table = table;
        _row = new StorageValue[table.Columns.Count];
        _keyPrefix = Enumerable.Range(0, table.PrimaryKey.Count).ToArray();
    }

    public ReplicatedTable Table => _table;

    public ReadOnlySpan<StorageValue> Row(in CdcEvent change)
    {
        var sources = SourceIndexes(change.SchemaVersion);
        var offset = _table.UsesRowid ? 1 : 0;
        var image = change.Row;
        var expected = _table.ColumnsByVersion[change.SchemaVersion].Count + offset;
        if (image.Length < expected)
        {
            throw new YodaException($"corrupt CDC event {change.Sequence}: {image.Length} values where table {_table.Name} version {change.SchemaVersion} has {expected}");
        }

        for (var i = 0; i < sources.Length; i++)
        {
            _row[i] = sources[i] < 0 ? StorageValue.Null : image[sources[i] + offset];
        }

        return _row;
    }

    /// <summary>The key of the row after the change (insert, update) from its mapped row and image.</summary>
    public RowKey NewKey(in CdcEvent change, ReadOnlySpan<StorageValue> row) => _table.UsesRowid
        ? KeyOf(change.Row[0], change.Sequence)
        : RowKey.FromColumns(row, _table.KeyColumnIndexes);

    /// <summary>The key of the row before the change (update, delete).</summary>
    public RowKey OldKey(in CdcEvent change)
    {
        var key = change.OldKey;
        var width = _table.UsesRowid ? 1 : _table.PrimaryKey.Count;
        if (key.Length < width)
        {
            throw new YodaException($"corrupt CDC event {change.Sequence}: {key.Length} key values where table {_table.Name} has {width}");
        }

        return _table.UsesRowid ? KeyOf(key[0], change.Sequence) : RowKey.FromColumns(key, _keyPrefix);
    }

    private static RowKey KeyOf(in StorageValue rowid, long sequence) => rowid.Kind == StorageKind.Integer
        ? RowKey.FromInteger(rowid.Integer)
        : throw new YodaException($"corrupt CDC event {sequence}: the rowid is not an integer");

    private int[] SourceIndexes(int version)
    {
        if (version == _lastVersion)
        {
            return _lastIndexes;
        }

        _lastIndexes = VersionIndexes(version);
        _lastVersion = version;
        return _lastIndexes;
    }

    private int[] VersionIndexes(int version)
    {
        if (_sourceIndexByVersion.TryGetValue(version, out var indexes))
        {
            return indexes;
        }

        if (!_table.ColumnsByVersion.TryGetValue(version, out var versionColumns))
        {
            throw new YodaException($"table {_table.Name} has no schema version {version}");
        }

        indexes = _table.Columns
            .Select(c => versionColumns.ToList().FindIndex(n => string.Equals(n, c.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        _sourceIndexByVersion[version] = indexes;
        return indexes;
    }
}
