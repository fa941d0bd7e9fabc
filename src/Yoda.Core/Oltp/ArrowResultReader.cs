using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Storage;

namespace Yoda.Oltp;

/// <summary>
/// Turns a SQLite result into an Arrow record batch. A column that maps straight to a column of a
/// registered table takes that column's Arrow type; any other column takes its type from its
/// values: integers Int64, reals (or integers mixed with reals) Double, text String, blobs
/// Binary, only NULLs Int64; a column mixing text or blobs with other kinds becomes String.
/// </summary>
internal static class ArrowResultReader
{
    public const int BatchRows = 64 * 1024;

    public static List<RecordBatch> Read(SqliteDataReader reader, Func<string, string, IArrowType?> registeredType, CancellationToken ct)
    {
        var fieldCount = reader.FieldCount;
        if (fieldCount == 0)
        {
            return [];
        }

        var names = Enumerable.Range(0, fieldCount).Select(reader.GetName).ToArray();
        var declared = DeclaredTypes(reader, registeredType);
        var columns = Enumerable.Range(0, fieldCount).Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
        {
            if ((columns[0].Count & 0xFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            for (var c = 0; c < fieldCount; c++)
            {
                var value = reader.GetValue(c);
                columns[c].Add(value is DBNull ? null : value);
            }
        }

        var rowCount = columns[0].Count;
        var types = new IArrowType[fieldCount];
        for (var c = 0; c < fieldCount; c++)
        {
            types[c] = declared[c] is { } t && columns[c].All(v => ArrowValues.DescribeMismatch(t, v) is null)
                ? t
                : Infer(columns[c]);
        }

        var schema = new Schema(names.Select((n, c) => new Field(n, types[c], nullable: true)), metadata: null);
        var batches = new List<RecordBatch>();
        for (var start = 0; start < rowCount || (start == 0 && batches.Count == 0); start += BatchRows)
        {
            var count = Math.Min(BatchRows, rowCount - start);
            var arrays = new IArrowArray[fieldCount];
            for (var c = 0; c < fieldCount; c++)
            {
                var builder = ColumnBuilder.Create(names[c], types[c]);
                for (var r = start; r < start + count; r++)
                {
                    builder.Append(Coerce(columns[c][r], types[c]));
                }

                arrays[c] = builder.Build();
            }

            batches.Add(new RecordBatch(schema, arrays, count));
            if (rowCount == 0)
            {
                break;
            }
        }

        return batches;
    }

    private static IArrowType?[] DeclaredTypes(SqliteDataReader reader, Func<string, string, IArrowType?> registeredType)
    {
        var types = new IArrowType?[reader.FieldCount];
        var schemaTable = reader.GetSchemaTable();
        for (var c = 0; c < types.Length; c++)
        {
            var row = schemaTable.Rows[c];
            if (row["BaseTableName"] is string table && row["BaseColumnName"] is string column)
            {
                types[c] = registeredType(table, column);
            }
        }

        return types;
    }

    private static IArrowType Infer(List<object?> values)
    {
        bool integer = false, real = false, text = false, blob = false;
        foreach (var value in values)
        {
            switch (value)
            {
                case long: integer = true; break;
                case double: real = true; break;
                case string: text = true; break;
                case byte[]: blob = true; break;
            }
        }

        return (integer, real, text, blob) switch
        {
            (_, _, false, false) when real => DoubleType.Default,
            (_, false, false, false) => Int64Type.Default,
            (false, false, false, true) => BinaryType.Default,
            _ => StringType.Default,
        };
    }

    private static object? Coerce(object? value, IArrowType type) => (value, type.TypeId) switch
    {
        (null, _) => null,
        (long l, ArrowTypeId.Double) => (double)l,
        (string or byte[], ArrowTypeId.String) => value as string ?? Convert.ToHexString((byte[])value),
        (long l, ArrowTypeId.String) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        (double d, ArrowTypeId.String) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
