using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Loading;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Differential: an initial load through <see cref="SegmentBuilder"/> gives the segments, values,
/// NULLs and key index of the row-by-row load, across segment boundaries (4 rows a segment
/// here), and refuses the same values with the same errors (after two full segments, so one is
/// being staged on the other thread when the error comes).
/// </summary>
public sealed class BulkLoadTests
{
    private const int Capacity = 4;

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, false)]
    [InlineData(11, false)]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(8, true)]
    [InlineData(13, true)]
    public void A_bulk_load_gives_the_segments_values_and_keys_of_a_row_by_row_load(int rows, bool byRowid)
    {
        using var connection = Open(byRowid);
        for (var i = 0; i < rows; i++)
        {
            // NULLs, integers in the REAL column (kept as integers by its lack of affinity), text
            // with a NUL, empty text, invalid UTF-8, empty blobs, 64-bit extremes, -0.0.
            Execute(connection, $"""
                INSERT INTO t(id, n, r, s, b) VALUES (
                  {(i * 7) - 20},
                  {(i % 3 == 0 ? "NULL" : i % 4 == 0 ? "9223372036854775807" : (-i).ToString())},
                  {(i % 5 == 0 ? "NULL" : i % 2 == 0 ? i.ToString() : i % 3 == 0 ? "-0.0" : $"{i}.25")},
                  {(i % 6 == 0 ? "NULL" : i % 4 == 1 ? "'a' || char(0) || 'b'" : i % 4 == 2 ? "''" : i % 4 == 3 ? "CAST(x'ff41c3' AS TEXT)" : $"'é{i}'")},
                  {(i % 3 == 1 ? "NULL" : i % 3 == 2 ? "x''" : $"x'00{i:x2}'")})
                """);
        }

        var rowByRow = Load(connection, byRowid, allowBulk: false);
        var bulk = Load(connection, byRowid, allowBulk: true);

        Assert.Equal(rowByRow.Current.Segments.Select(s => s.RowCount), bulk.Current.Segments.Select(s => s.RowCount));
        Assert.Equal(rows, bulk.Current.Segments.Sum(s => s.RowCount));
        Assert.Equal(Values(rowByRow), Values(bulk));
        Assert.Equal(rowByRow.PublishedIndex.OrderBy(e => e.Value), bulk.PublishedIndex.OrderBy(e => e.Value));
        Assert.Equal(rows, bulk.KeyCount);
    }

    [Theory]
    [InlineData("INSERT INTO t(id, n, n2) VALUES (100, 'text', 0)")]
    [InlineData("INSERT INTO t(id, r, n2) VALUES (100, x'00', 0)")]
    [InlineData("INSERT INTO t(id, s, n2) VALUES (100, x'05', 0)")]
    [InlineData("INSERT INTO t(id, b, n2) VALUES (100, 'text', 0)")]
    [InlineData("INSERT INTO t(id, n2) VALUES (100, NULL)")]
    public void A_value_the_type_cannot_hold_is_refused_with_the_error_of_a_row_by_row_load(string insert)
    {
        using var connection = Open(byRowid: false);
        for (var i = 2; i < 12; i++)
        {
            Execute(connection, $"INSERT INTO t(id, n, n2) VALUES ({i}, {i}, 0)");
        }

        Execute(connection, insert);
        var expected = Assert.Throws<YodaException>(() => Load(connection, false, allowBulk: false));
        var actual = Assert.Throws<YodaException>(() => Load(connection, false, allowBulk: true));
        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_load_into_a_table_whose_rows_were_all_deleted_appends_after_them(int deleted)
    {
        using var connection = Open(byRowid: false);
        for (var i = 0; i < deleted; i++)
        {
            Execute(connection, $"INSERT INTO t(id, n) VALUES ({i}, {i})");
        }

        var tables = new[] { false, true }.Select(allowBulk =>
        {
            var table = Load(connection, byRowid: false, allowBulk: false);
            using (var writer = table.BeginWrite())
            {
                foreach (var (key, position) in table.PublishedIndex.ToList())
                {
                    writer.Delete(position);
                    writer.RemoveKey(key);
                }

                writer.Commit();
            }

            return table;
        }).ToList();
        Execute(connection, "DELETE FROM t");
        for (var i = 10; i < 17; i++)
        {
            Execute(connection, $"INSERT INTO t(id, n, s) VALUES ({i}, {i}, 'v{i}')");
        }

        Load(connection, byRowid: false, allowBulk: false, tables[0]);
        Load(connection, byRowid: false, allowBulk: true, tables[1]);
        Assert.Equal(Values(tables[0]), Values(tables[1]));
        Assert.Equal(tables[0].PublishedIndex.OrderBy(e => e.Value), tables[1].PublishedIndex.OrderBy(e => e.Value));
        Assert.Equal(7, tables[1].KeyCount);
        Assert.Equal(deleted + 7, tables[1].PositionCount);
    }

    private static SqliteConnection Open(bool byRowid)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        // r has no declared type, so it keeps integers as integers; n2 is a NOT NULL column for the NULL case.
        Execute(connection, byRowid
            ? "CREATE TABLE t(id INTEGER, n INTEGER, r, s TEXT, b BLOB, n2 INTEGER DEFAULT 0)"
            : "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, r, s TEXT, b BLOB, n2 INTEGER DEFAULT 0)");
        return connection;
    }

    private static ColumnarTable Load(SqliteConnection connection, bool byRowid, bool allowBulk, ColumnarTable? into = null)
    {
        var registration = ReplicatedTable.Create(
            "t",
            [
                new("id", Int64Type.Default, byRowid), new("n", Int64Type.Default, true), new("r", DoubleType.Default, true),
                new("s", StringType.Default, true), new("b", BinaryType.Default, true), new("n2", Int64Type.Default, false),
            ],
            byRowid ? [] : ["id"],
            byRowid ? "rowid" : null);
        var table = into ?? new ColumnarTable("t", registration.ToOlapSchema(temporal: false), Capacity);
        using var changes = TableLoader.Prepare(connection, new TableReplica(registration, table), new DestructiveMerge(), 0, CancellationToken.None, out _, null, allowBulk);
        changes.Publish();
        return table;
    }

    /// <summary>Every row of every segment, live or deleted, with its values rendered so that reals compare bit for bit and text and blobs byte for byte.</summary>
    private static List<string> Values(ColumnarTable table) =>
        table.Current.Segments.SelectMany(segment => Enumerable.Range(0, segment.RowCount).Select(row =>
            (segment.IsLive(row) ? "live " : "deleted ") + string.Join("|", Enumerable.Range(0, segment.Batch.ColumnCount).Select(c => segment.Batch.Column(c) switch
            {
                var column when column.IsNull(row) => "NULL",
                Apache.Arrow.StringArray text => $"text {Convert.ToHexString(text.GetBytes(row))}", // the bytes Arrow holds, not a decoding of them
                var column => ArrowValues.Get(column, row) switch
                {
                    double d => $"real {BitConverter.DoubleToInt64Bits(d)}",
                    byte[] bytes => $"blob {Convert.ToHexString(bytes)}",
                    var other => $"{other!.GetType().Name} {other}",
                },
            })))).ToList();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
