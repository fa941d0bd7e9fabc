using Yoda.Cdc.Log;
using Yoda.Cdc.Registration;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Merge;

/// <summary>
/// Turns an event's row image, captured under any schema version of its table, into a row of
/// the table's current columns: columns added since are NULL, columns dropped since are ignored.
/// </summary>
public sealed class EventMapper
{
    private readonly ReplicatedTable _table;
    private readonly Dictionary<int, int[]> _sourceIndexByVersion = new();

    public EventMapper(ReplicatedTable table) => _table = table;

    public ReplicatedTable Table => _table;

    public object?[] Row(CdcEvent change)
    {
        var sources = SourceIndexes(change.SchemaVersion);
        var offset = _table.UsesRowid ? 1 : 0;
        var expected = _table.ColumnsByVersion[change.SchemaVersion].Count + offset;
        if (change.Row.Length < expected)
        {
            throw new YodaException($"corrupt CDC event {change.Sequence}: {change.Row.Length} values where table {_table.Name} version {change.SchemaVersion} has {expected}");
        }

        var row = new object?[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            row[i] = sources[i] < 0 ? null : change.Row[sources[i] + offset];
        }

        return row;
    }

    /// <summary>The key of the row after the change (insert, update) from its mapped row and image.</summary>
    public RowKey NewKey(CdcEvent change, object?[] row) => _table.UsesRowid
        ? KeyOf(change.Row[0], change.Sequence)
        : RowKey.FromValues(_table.KeyColumnIndexes.Select(i => row[i]).ToArray());

    /// <summary>The key of the row before the change (update, delete).</summary>
    public RowKey OldKey(CdcEvent change)
    {
        var key = change.OldKey ?? throw new YodaException($"corrupt CDC event {change.Sequence}: no old key");
        var width = _table.UsesRowid ? 1 : _table.PrimaryKey.Count;
        if (key.Length < width)
        {
            throw new YodaException($"corrupt CDC event {change.Sequence}: {key.Length} key values where table {_table.Name} has {width}");
        }

        return _table.UsesRowid ? KeyOf(key[0], change.Sequence) : RowKey.FromValues(key[..width]);
    }

    private static RowKey KeyOf(object? rowid, long sequence) => rowid is long id
        ? RowKey.FromInteger(id)
        : throw new YodaException($"corrupt CDC event {sequence}: the rowid is not an integer");

    private int[] SourceIndexes(int version)
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
