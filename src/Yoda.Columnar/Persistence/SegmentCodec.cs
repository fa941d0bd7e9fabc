using Apache.Arrow;

namespace Yoda.Columnar.Persistence;

/// <summary>Turns a record batch into the bytes of one data file and back.</summary>
public abstract class SegmentCodec
{
    public static readonly SegmentCodec ArrowIpc = new ArrowIpcCodec();
    public static readonly SegmentCodec Parquet = new ParquetCodec();

    /// <summary>The file name extension, with its dot.</summary>
    public abstract string Extension { get; }

    public static SegmentCodec For(SegmentFileFormat format) => format == SegmentFileFormat.Parquet ? Parquet : ArrowIpc;

    /// <summary>The codec of an existing file, from its extension.</summary>
    public static SegmentCodec ForFile(string fileName) =>
        fileName.EndsWith(Parquet.Extension, StringComparison.Ordinal) ? Parquet
        : fileName.EndsWith(ArrowIpc.Extension, StringComparison.Ordinal) ? ArrowIpc
        : throw new YodaException($"storage file {fileName} has an unknown extension");

    public abstract byte[] Encode(RecordBatch batch);

    /// <summary>
    /// Reads a file written by <see cref="Encode"/>; its columns must be <paramref name="expected"/>'s
    /// (names, types, nullability) and it must hold <paramref name="rows"/> rows, else a
    /// <see cref="YodaException"/> names <paramref name="path"/>.
    /// </summary>
    public abstract RecordBatch Decode(byte[] content, Schema expected, int rows, string path);

    protected static void CheckShape(Schema actual, Schema expected, int actualRows, int rows, string path)
    {
        if (actualRows != rows)
        {
            throw new YodaException($"storage file {path} is damaged: it holds {actualRows} rows where the manifest records {rows}");
        }

        if (actual.FieldsList.Count != expected.FieldsList.Count)
        {
            throw new YodaException($"storage file {path} is damaged: it has {actual.FieldsList.Count} columns where the table has {expected.FieldsList.Count}");
        }

        for (var i = 0; i < actual.FieldsList.Count; i++)
        {
            var (a, e) = (actual.FieldsList[i], expected.FieldsList[i]);
            if (a.Name != e.Name || a.DataType.TypeId != e.DataType.TypeId)
            {
                throw new YodaException(
                    $"storage file {path} is damaged: column {i + 1} is {a.Name} {a.DataType.Name} where the table has {e.Name} {e.DataType.Name}");
            }
        }
    }
}
