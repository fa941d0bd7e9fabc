using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Core.Tests;

/// <summary>Temporary SQLite files, ways to look inside OLAP tables, and results as text.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "yoda-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform: the OS temp cleaner takes it.
        }
    }
}

internal static class Olap
{
    /// <summary>
    /// The live rows of an OLAP table, in storage order, as storage-model values: with the DuckDB
    /// backend read from DuckDB's copy (so the shared tests check what DuckDB holds, not only the
    /// columnar merge state).
    /// </summary>
    public static List<object?[]> Rows(HtapEngine engine, string table)
    {
        if (engine.DuckDb is not null)
        {
            return DuckDbRows(engine, table);
        }

        Assert.True(engine.OlapCatalog.TryGetTable(table, out var snapshot), $"no OLAP table {table}");
        var rows = new List<object?[]>();
        foreach (var segment in snapshot.Segments)
        {
            for (var r = 0; r < segment.RowCount; r++)
            {
                if (!segment.IsLive(r))
                {
                    continue;
                }

                var row = new object?[segment.Batch.ColumnCount];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = ArrowValues.Get(segment.Batch.Column(c), r);
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    private static List<object?[]> DuckDbRows(HtapEngine engine, string table)
    {
        static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var columns = string.Join(", ", Schema(engine, table).FieldsList.Select(f => Quote(f.Name)));
        var batches = Task.Run(() => engine.QueryOlapAsync($"SELECT {columns} FROM _yoda_data.{Quote(table)} ORDER BY _yoda_pos")).GetAwaiter().GetResult();
        var rows = new List<object?[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var row = new object?[batch.ColumnCount];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = ArrowValues.Get(batch.Column(c), r);
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    public static Schema Schema(HtapEngine engine, string table)
    {
        Assert.True(engine.OlapCatalog.TryGetTable(table, out var snapshot), $"no OLAP table {table}");
        return snapshot.Schema;
    }
}

internal static class StatusExtensions
{
    /// <summary>The status with only its counting fields, for equality checks.</summary>
    public static SyncStatus Counts(this SyncStatus status) => new(status.Lag, status.LastSyncedSeq);
}

internal static class Batches
{
    /// <summary>Result batches as text, a line a row, to compare two engines' answers (BLOBs in hex, numbers invariant).</summary>
    public static string Render(IReadOnlyList<RecordBatch> batches) => string.Join("\n", batches.SelectMany(batch =>
        Enumerable.Range(0, batch.Length).Select(row => string.Join(" | ", Enumerable.Range(0, batch.ColumnCount)
            .Select(c => ArrowValues.Get(batch.Column(c), row) switch
            {
                null => "NULL",
                byte[] b => Convert.ToHexString(b),
                var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            })))));
}
