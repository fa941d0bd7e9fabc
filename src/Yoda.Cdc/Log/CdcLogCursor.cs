using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Log;

/// <summary>
/// One prepared statement over the events after a watermark (up to a bound and a limit), read in
/// blocks: each <see cref="ReadInto"/> continues where the one before stopped, so a sync cycle
/// steps one statement through its whole extent instead of preparing one per block.
/// </summary>
public sealed class CdcLogCursor : IDisposable
{
    private readonly RawStatement _statement;
    private readonly int _keys;
    private readonly int _values;
    private bool _done;

    public CdcLogCursor(SqliteConnection connection, long watermark, int limit, long through = long.MaxValue)
    {
        (_keys, _values) = LogLayout.Width(connection);
        var columns = string.Concat(LogLayout.KeyColumns(_keys).Concat(LogLayout.RowColumns(_values)).Select(c => ", " + c));
        _statement = new RawStatement(connection,
            $"SELECT seq, table_name, op, ts, schema_version{columns} FROM {MetadataSchema.LogTable} WHERE seq > ?1 AND seq <= ?3 ORDER BY seq LIMIT ?2");
        _statement.Bind(1, watermark);
        _statement.Bind(2, limit);
        _statement.Bind(3, through);
    }

    /// <summary>
    /// The next up to <paramref name="max"/> events, read into <paramref name="buffer"/> (which
    /// forgets its previous read): the list and the values are the buffer's, valid until its next read.
    /// </summary>
    public List<CdcEvent> ReadInto(CdcEventBuffer buffer, int max)
    {
        var width = _keys + _values;
        buffer.Reset(width);
        var events = buffer.Events;
        while (events.Count < max && !_done)
        {
            if (!_statement.Step())
            {
                _done = true;
                break;
            }

            var seq = _statement.Integer(0);
            var kind = Kind(seq, _statement.Bytes(2));
            var (block, offset) = buffer.Next(max);
            // An insert has no old key: its key slots are NULL (the block may hold an older read's values).
            var skipped = kind == ChangeKind.Insert ? _keys : 0;
            block.AsSpan(offset, skipped).Clear();
            _statement.Values(5 + skipped, block.AsSpan(offset + skipped, width - skipped));
            events.Add(new CdcEvent(seq, buffer.TableName(_statement.Bytes(1)), kind, _statement.Integer(3), (int)_statement.Integer(4), block, offset, _keys, _values));
        }

        return events;
    }

    public void Dispose() => _statement.Dispose();

    private static ChangeKind Kind(long seq, ReadOnlySpan<byte> op) =>
        (op.Length == 1 ? op[0] : 0) switch
        {
            (byte)'I' => ChangeKind.Insert,
            (byte)'U' => ChangeKind.Update,
            (byte)'D' => ChangeKind.Delete,
            _ => throw new YodaException($"CDC event {seq} cannot be decoded: unknown operation '{System.Text.Encoding.UTF8.GetString(op)}'"),
        };
}
