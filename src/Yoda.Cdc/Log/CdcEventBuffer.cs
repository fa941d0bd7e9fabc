using System.Runtime.CompilerServices;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Log;

/// <summary>
/// The events of one read of the log and the blocks their values live in, reused by the next
/// read: a sync cycle reads its batch into the same memory as the cycle before, so the read
/// allocates nothing per event and nothing per cycle once the blocks exist (only strings for
/// text values that are not short repeats). The events of a read are valid until the next read
/// into the same buffer; one read at a time.
/// </summary>
public sealed class CdcEventBuffer
{
    /// <summary>Events' values are decoded into blocks that stay below the large-object heap.</summary>
    private const int BlockBytes = 64 * 1024;

    private readonly List<StorageValue[]> _blocks = [];
    private readonly List<(byte[] Utf8, string Name)> _tableNames = [];
    private int _width = -1;
    private int _block;
    private int _used;

    internal List<CdcEvent> Events { get; } = [];

    /// <summary>Starts a read of events <paramref name="width"/> values wide, forgetting the previous one.</summary>
    internal void Reset(int width)
    {
        Events.Clear();
        if (width != _width)
        {
            _blocks.Clear();
            _width = width;
        }

        _block = -1;
        _used = 0;
    }

    /// <summary>Room for the values of one more event: a block and the offset of the event's first value.</summary>
    internal (StorageValue[] Block, int Offset) Next(int limit)
    {
        var width = Math.Max(_width, 1);
        if (_block < 0 || _used + width > _blocks[_block].Length)
        {
            _block++;
            _used = 0;
            if (_block == _blocks.Count)
            {
                var perBlock = Math.Max(1, BlockBytes / (width * Unsafe.SizeOf<StorageValue>()));
                _blocks.Add(new StorageValue[Math.Min(limit, perBlock) * width]);
            }
        }

        var offset = _used;
        _used += width;
        return (_blocks[_block], offset);
    }

    /// <summary>One string per table name, so that a batch does not allocate a name per event.</summary>
    internal string TableName(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, name) in _tableNames)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return name;
            }
        }

        var added = System.Text.Encoding.UTF8.GetString(utf8);
        _tableNames.Add((utf8.ToArray(), added));
        return added;
    }
}
