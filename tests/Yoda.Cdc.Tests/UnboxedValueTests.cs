using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>The unboxed value path of the sync engine: SQLite's C API reads and the flat staging of rows.</summary>
public sealed class UnboxedValueTests
{
    [Fact]
    public void Raw_reads_keep_every_storage_class_exactly()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT 9223372036854775807, -0.0, 'a' || char(0) || 'b', x'00ff', NULL, 'é'");
        Assert.True(statement.Step());
        Assert.Equal(long.MaxValue, statement.Value(0).Integer);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(statement.Value(1).Real));
        Assert.Equal("a\0b", statement.Value(2).Text);
        Assert.Equal(new byte[] { 0, 255 }, statement.Value(3).Blob);
        Assert.True(statement.Value(4).IsNull);
        Assert.Equal("é", statement.Value(5).Text);
        Assert.False(statement.Step());
    }

    [Fact]
    public void Raw_reads_go_straight_to_the_bundled_sqlite_library_and_keep_empty_text_and_blobs()
    {
        Assert.True(NativeColumns.Available); // the bundled e_sqlite3 provider is what the project ships with
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var statement = new RawStatement(connection, "SELECT '', x'', 1.5, -7");
        Assert.True(statement.Step());
        Assert.Equal("", statement.Value(0).Text);
        Assert.Empty(statement.Value(1).Blob);
        Assert.Equal(1.5, statement.Value(2).Real);
        Assert.Equal(-7, statement.Integer(3));
        Assert.False(statement.Step());
    }

    [Fact]
    public void Raw_statement_errors_carry_sqlites_message()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var error = Assert.Throws<YodaException>(() => new RawStatement(connection, "SELECT * FROM missing"));
        Assert.Contains("no such table: missing", error.Message);
    }

    [Fact]
    public void Identical_values_compare_bit_for_bit()
    {
        Assert.True(StorageValue.FromReal(1.5).SameAs(StorageValue.FromReal(1.5)));
        Assert.False(StorageValue.FromReal(0.0).SameAs(StorageValue.FromReal(-0.0)));
        Assert.False(StorageValue.FromInteger(1).SameAs(StorageValue.FromReal(1.0)));
        Assert.True(StorageValue.FromBlob([1, 2]).SameAs(StorageValue.FromBlob([1, 2])));
        Assert.False(StorageValue.FromText("a").SameAs(StorageValue.FromText("A")));
    }

    [Fact]
    public void A_staged_row_that_does_not_fit_stages_nothing_and_rows_read_back_across_segments()
    {
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("small", Int8Type.Default, true)], null);
        var table = new ColumnarTable("t", schema, segmentCapacity: 3);
        using var writer = table.BeginWrite();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, writer.Append([StorageValue.FromInteger(i), StorageValue.FromInteger(i * 10)]));
        }

        var error = Assert.Throws<YodaException>(() => writer.Append([StorageValue.FromInteger(5), StorageValue.FromInteger(300)]));
        Assert.Contains("out of range for int8", error.Message);
        Assert.Equal(5, writer.Append([StorageValue.FromInteger(5), StorageValue.Null]));
        Assert.Equal(20, writer.RowAt(2)[1].Integer); // sealed segment
        Assert.Equal(40, writer.RowAt(4)[1].Integer); // staged tail
        writer.Commit();
        Assert.Equal(6, table.Current.LiveRowCount);
        Assert.Equal(2, table.Current.Segments.Length);
    }
}
