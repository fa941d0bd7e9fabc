using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using Yoda.Columnar.Storage;

namespace Yoda.DuckDb;

/// <summary>
/// Runs a query in DuckDB and returns its result as Arrow record batches: a result column named
/// like a registered column whose DuckDB type is that column's keeps the registered Arrow type
/// (float16 and Boolean included); every other column takes its type from
/// <see cref="DuckDbTypes.ComputedResultType"/>.
/// </summary>
public static class DuckDbQuery
{
    private const int RowsPerBatch = 64 * 1024;

    /// <param name="registeredType">The Arrow type of a registered column of that name, if any.</param>
    /// <param name="names">SQLite's name of each result column where it differs from DuckDB's (<see cref="ResultNames"/>).</param>
    public static IReadOnlyList<RecordBatch> Run(
        DuckDbDatabase database, string sql, object?[] values, Func<string, IArrowType?> registeredType, IReadOnlyList<string?>? names, CancellationToken ct)
    {
        using var connection = database.OpenQueryConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        using var registration = ct.Register(() => TryCancel(command));
        try
        {
            using var reader = command.ExecuteReader();
            return Read(reader, registeredType, names?.Count == reader.FieldCount ? names : null, ct);
        }
        catch (DuckDBException e) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("the query was cancelled", e, ct);
        }
        catch (DuckDBException e)
        {
            throw new YodaException(MissingTable.Match(e.Message) is { Success: true } m ? $"no such table: {m.Groups[1].Value} (DuckDB: {e.Message})" : $"DuckDB: {e.Message}", e);
        }
    }

    private static readonly System.Text.RegularExpressions.Regex MissingTable = new("Table with name (\\S+) does not exist");

    private static List<RecordBatch> Read(DuckDBDataReader reader, Func<string, IArrowType?> registeredType, IReadOnlyList<string?>? names, CancellationToken ct)
    {
        var fields = new List<Field>();
        var readers = new Func<DuckDBDataReader, int, StorageValue>[reader.FieldCount];
        for (var c = 0; c < reader.FieldCount; c++)
        {
            var clrType = reader.GetFieldType(c);
            readers[c] = ValueReaders.For(clrType);
            var name = names?[c] ?? reader.GetName(c);
            var type = registeredType(name) is { } registered && DuckDbTypes.ClrType(registered) == clrType
                ? registered
                : DuckDbTypes.ComputedResultType(clrType, reader.GetDataTypeName(c));
            fields.Add(new Field(name, type, nullable: true));
        }

        var schema = new Schema(fields, null);
        var batches = new List<RecordBatch>();
        var builders = NewBuilders(fields);
        var rows = 0;
        while (reader.Read())
        {
            for (var c = 0; c < builders.Length; c++)
            {
                builders[c].Append(readers[c](reader, c));
            }

            if (++rows == RowsPerBatch)
            {
                ct.ThrowIfCancellationRequested();
                batches.Add(Build(schema, builders, rows));
                builders = NewBuilders(fields);
                rows = 0;
            }
        }

        if (rows > 0 || batches.Count == 0)
        {
            batches.Add(Build(schema, builders, rows));
        }

        return batches;
    }

    private static ColumnBuilder[] NewBuilders(List<Field> fields) => fields.Select(f => ColumnBuilder.Create(f.Name, f.DataType)).ToArray();

    private static RecordBatch Build(Schema schema, ColumnBuilder[] builders, int rows) =>
        new(schema, builders.Select(b => b.Build()), rows);

    private static void TryCancel(DuckDBCommand command)
    {
        try
        {
            command.Cancel();
        }
        catch (DuckDBException)
        {
            // The query ended meanwhile.
        }
    }
}
