using System.Text;
using System.Text.Unicode;
using Apache.Arrow;
using Apache.Arrow.Memory;
using Apache.Arrow.Types;
using SQLitePCL;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Execution;

namespace Yoda.Cdc.Loading;

/// <summary>
/// Builds a segment of an initial load straight from SQLite's values into per-column buffers
/// that are reused from segment to segment, then copied once into Arrow buffers: no
/// <see cref="Columnar.Storage.StorageValue"/> per value, and text goes from SQLite's UTF-8 to
/// Arrow's without becoming a string. For schemas of 64-bit integers, doubles, text and blobs
/// (<see cref="Supports"/>). Values are checked as <see cref="Columnar.Storage.TableWriter.Append"/>
/// checks them, with the same errors; invalid UTF-8 is replaced as a string round trip replaces it.
/// </summary>
internal sealed class SegmentBuilder
{
    private readonly Schema _schema;
    private readonly string _table;
    private readonly int _capacity;
    private readonly ArrowTypeId[] _types;
    private readonly long[][] _fixed;
    private readonly int[][] _offsets;
    private readonly byte[][] _bytes;
    private readonly List<int>[] _nulls;
    private readonly TextDecoder _invalidText = new();
    private int _rows;

    public SegmentBuilder(Schema schema, string table, int capacity)
    {
        _schema = schema;
        _table = table;
        _capacity = capacity;
        var fields = schema.FieldsList;
        _types = fields.Select(f => f.DataType.TypeId).ToArray();
        _fixed = _types.Select(t => t is ArrowTypeId.Int64 or ArrowTypeId.Double ? new long[capacity] : []).ToArray();
        _offsets = _types.Select(t => t is ArrowTypeId.String or ArrowTypeId.Binary ? new int[capacity + 1] : []).ToArray();
        _bytes = _types.Select(t => t is ArrowTypeId.String or ArrowTypeId.Binary ? new byte[4096] : []).ToArray();
        _nulls = _types.Select(_ => new List<int>()).ToArray();
    }

    public static bool Supports(Schema schema) =>
        schema.FieldsList.All(f => f.DataType.TypeId is ArrowTypeId.Int64 or ArrowTypeId.Double or ArrowTypeId.String or ArrowTypeId.Binary);

    public int Count => _rows;

    public bool IsFull => _rows == _capacity;

    /// <summary>The values of an <c>int64</c> column in the rows appended since the last build (0 under a NULL); valid until the next append.</summary>
    public ReadOnlySpan<long> Integers(int column) => _fixed[column].AsSpan(0, _rows);

    /// <summary>Appends the current row of <paramref name="statement"/>: its columns from <paramref name="first"/> on, in schema order.</summary>
    public void Append(RawStatement statement, int first)
    {
        for (var c = 0; c < _types.Length; c++)
        {
            var value = statement.NativeValue(first + c);
            var type = NativeColumns.Type(value);
            if (type == raw.SQLITE_NULL)
            {
                AppendNull(c);
                continue;
            }

            switch (_types[c])
            {
                case ArrowTypeId.Int64 when type == raw.SQLITE_INTEGER:
                    _fixed[c][_rows] = NativeColumns.Int64(value);
                    break;
                case ArrowTypeId.Double when type == raw.SQLITE_INTEGER:
                    _fixed[c][_rows] = BitConverter.DoubleToInt64Bits(NativeColumns.Int64(value));
                    break;
                case ArrowTypeId.Double when type == raw.SQLITE_FLOAT:
                    _fixed[c][_rows] = BitConverter.DoubleToInt64Bits(NativeColumns.Double(value));
                    break;
                case ArrowTypeId.String when type == raw.SQLITE_TEXT:
                    var text = NativeColumns.Bytes(value);
                    AppendBytes(c, Utf8.IsValid(text) ? text : Encoding.UTF8.GetBytes(_invalidText.Decode(text)));
                    break;
                case ArrowTypeId.Binary when type == raw.SQLITE_BLOB:
                    AppendBytes(c, NativeColumns.Bytes(value));
                    break;
                default:
                    var field = _schema.FieldsList[c];
                    throw new YodaException($"table {_table}: column {field.Name}: value is {statement.Value(first + c).MismatchFor(field.DataType)}");
            }
        }

        _rows++;
    }

    /// <summary>The rows appended since the last build as a batch; the buffers start over.</summary>
    public RecordBatch Build()
    {
        var arrays = new IArrowArray[_types.Length];
        for (var c = 0; c < arrays.Length; c++)
        {
            var validity = Validity(c);
            var nulls = _nulls[c].Count;
            arrays[c] = _types[c] switch
            {
                ArrowTypeId.Int64 => new Int64Array(Copy<long>(_fixed[c].AsSpan(0, _rows)), validity, _rows, nulls, 0),
                ArrowTypeId.Double => new DoubleArray(Copy<long>(_fixed[c].AsSpan(0, _rows)), validity, _rows, nulls, 0),
                ArrowTypeId.String => new StringArray(_rows, Copy<int>(_offsets[c].AsSpan(0, _rows + 1)), Copy<byte>(_bytes[c].AsSpan(0, _offsets[c][_rows])), validity, nulls, 0),
                _ => new BinaryArray(BinaryType.Default, _rows, Copy<int>(_offsets[c].AsSpan(0, _rows + 1)), Copy<byte>(_bytes[c].AsSpan(0, _offsets[c][_rows])), validity, nulls, 0),
            };
            _nulls[c].Clear();
        }

        var batch = new RecordBatch(_schema, arrays, _rows);
        _rows = 0;
        return batch;
    }

    private void AppendNull(int column)
    {
        if (!_schema.FieldsList[column].IsNullable)
        {
            throw new YodaException($"table {_table}: column {_schema.FieldsList[column].Name} may not be NULL");
        }

        _nulls[column].Add(_rows);
        if (_fixed[column].Length > 0)
        {
            _fixed[column][_rows] = 0;
        }
        else
        {
            AppendBytes(column, []);
        }
    }

    private void AppendBytes(int column, ReadOnlySpan<byte> value)
    {
        var offsets = _offsets[column];
        var start = offsets[_rows];
        if ((long)start + value.Length > int.MaxValue)
        {
            throw new YodaException($"column {_schema.FieldsList[column].Name}: more than 2 GB of text in one segment is not supported yet");
        }

        if (start + value.Length > _bytes[column].Length)
        {
            System.Array.Resize(ref _bytes[column], (int)Math.Min(int.MaxValue, Math.Max(2L * _bytes[column].Length, (long)start + value.Length)));
        }

        value.CopyTo(_bytes[column].AsSpan(start));
        offsets[_rows + 1] = start + value.Length;
    }

    private ArrowBuffer Validity(int column)
    {
        var nulls = _nulls[column];
        if (nulls.Count == 0)
        {
            return ArrowBuffer.Empty;
        }

        var bitmap = new NativeBuffer<byte, MemoryPressureAllocationTracker>((_rows + 7) / 8, zeroFill: false);
        bitmap.Span.Fill(0xFF);
        foreach (var row in nulls)
        {
            bitmap.Span[row >> 3] &= (byte)~(1 << (row & 7));
        }

        return bitmap.Build();
    }

    /// <summary>
    /// The values in native memory of their own, written once: an <see cref="ArrowBuffer.Builder{T}"/>
    /// would fill a managed array first and copy it, leaving a segment's worth of large-object
    /// garbage per column that the resident set keeps until a full collection.
    /// </summary>
    private static ArrowBuffer Copy<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (values.IsEmpty)
        {
            return ArrowBuffer.Empty;
        }

        var buffer = new NativeBuffer<T, MemoryPressureAllocationTracker>(values.Length, zeroFill: false);
        values.CopyTo(buffer.Span);
        return buffer.Build();
    }
}
