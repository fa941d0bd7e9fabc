using DuckDB.NET.Data;

namespace Yoda.Core.Tests.Persistence;

/// <summary>The Parquet files Yoda writes, read by another engine: DuckDB's <c>read_parquet</c>.</summary>
// ColumnarOnly: reads the columnar backend's Parquet files.
[Trait("Backend", "ColumnarOnly")]
public class ParquetInteropTests
{
    [Fact]
    public async Task DuckDB_reads_our_parquet_files_as_the_rows_the_table_stores()
    {
        using var dir = new TempDirectory();
        List<object?[]> stored;
        await using (var engine = await HtapEngine.OpenAsync(DurableStorageTests.Config(dir, StorageMode.Parquet, segmentCapacity: 16)))
        {
            await DurableStorageTests.CreateTablesAsync(engine);
            await DurableStorageTests.WriteSomeAsync(engine, 0, 40);
            await DurableStorageTests.SyncAllAsync(engine);
            stored = StoredRows(engine, "t");
            var schema = Olap.Schema(engine, "t");

            var files = Path.Combine(Directory.GetDirectories(dir.File("olap"), "t*-t").Single(), "*.parquet");
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            using var command = duck.CreateCommand();
            // Files sort by name in the order they were written, segment by segment.
            command.CommandText = $"SELECT * EXCLUDE (filename) FROM read_parquet('{files}', filename = true, file_row_number = true) ORDER BY filename, file_row_number";
            using var reader = command.ExecuteReader();
            var read = new List<object?[]>();
            while (reader.Read())
            {
                Assert.Equal(schema.FieldsList.Count + 1, reader.FieldCount);
                read.Add(Enumerable.Range(0, schema.FieldsList.Count).Select(c => StorageValue(reader.IsDBNull(c) ? null : reader.GetValue(c))).ToArray());
            }

            Assert.Equal(schema.FieldsList.Select(f => f.Name), Enumerable.Range(0, schema.FieldsList.Count).Select(reader.GetName));
            Assert.Equal(stored.Count, read.Count);
            Assert.Equal(stored, read);
        }
    }

    /// <summary>Every row a table holds, deleted ones included, in position order: what its files hold.</summary>
    private static List<object?[]> StoredRows(HtapEngine engine, string table)
    {
        Assert.True(engine.OlapCatalog.TryGetTable(table, out var snapshot));
        return snapshot.Segments
            .SelectMany(s => Enumerable.Range(0, s.RowCount).Select(r =>
                Enumerable.Range(0, s.Batch.ColumnCount).Select(c => Columnar.Storage.ArrowValues.Get(s.Batch.Column(c), r)).ToArray()))
            .ToList();
    }

    private static object? StorageValue(object? value) => value switch
    {
        null => null,
        sbyte or short or int or long or byte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => (long)u,
        bool b => b ? 1L : 0L,
        float f => (double)f,
        Stream stream => ReadAll(stream),
        _ => value,
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
