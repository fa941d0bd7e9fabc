using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Capture;
using Yoda.Cdc.Log;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sql;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Tests;

public class CaptureUnitTests
{
    [Theory]
    [InlineData("INTEGER", Affinity.Integer)]
    [InlineData("BIGINT", Affinity.Integer)]
    [InlineData("VARCHAR(30)", Affinity.Text)]
    [InlineData("CLOB", Affinity.Text)]
    [InlineData("", Affinity.Blob)]
    [InlineData("BLOB", Affinity.Blob)]
    [InlineData("DOUBLE PRECISION", Affinity.Real)]
    [InlineData("FLOATING POINT", Affinity.Integer)] // "INT" wins, as in SQLite
    [InlineData("DECIMAL(10,2)", Affinity.Numeric)]
    [InlineData("BOOLEAN", Affinity.Numeric)]
    public void Affinity_follows_sqlites_rules(string declared, Affinity expected) =>
        Assert.Equal(expected, SqliteAffinity.Of(declared));

    [Fact]
    public void Compatibility_keeps_sqlite_from_converting_values()
    {
        Assert.True(SqliteAffinity.IsCompatible(Affinity.Integer, Int32Type.Default));
        Assert.True(SqliteAffinity.IsCompatible(Affinity.Numeric, BooleanType.Default));
        Assert.True(SqliteAffinity.IsCompatible(Affinity.Integer, DoubleType.Default));
        Assert.False(SqliteAffinity.IsCompatible(Affinity.Text, Int64Type.Default));
        Assert.False(SqliteAffinity.IsCompatible(Affinity.Numeric, StringType.Default));
        Assert.False(SqliteAffinity.IsCompatible(Affinity.Text, BinaryType.Default));
        Assert.True(SqliteAffinity.IsCompatible(Affinity.Blob, StringType.Default));
    }

    [Fact]
    public void Quoting_doubles_the_quote_character_and_refuses_nul()
    {
        Assert.Equal("\"a\"\"b\"", SqlText.Identifier("a\"b"));
        Assert.Equal("'it''s'", SqlText.Literal("it's"));
        Assert.Throws<ArgumentException>(() => SqlText.Identifier("a\0b"));
    }

    [Fact]
    public void Triggers_install_and_widen_the_log_for_any_table_shape()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        MetadataStore.EnsureCreated(connection);
        connection.Execute("CREATE TABLE \"t \"\"x\"(a INTEGER, \"b'c\" TEXT, d BLOB, PRIMARY KEY (a, \"b'c\"))");
        var table = ReplicatedTable.Create("t \"x",
            [new("a", Int64Type.Default, false), new("b'c", StringType.Default, false), new("d", BinaryType.Default, true)],
            ["a", "b'c"], rowidAlias: null);
        TriggerBuilder.Install(connection, table);
        Assert.Equal((2, 3), LogLayout.Width(connection));

        connection.Execute("INSERT INTO \"t \"\"x\" VALUES (1, 'k', x'00ff')");
        connection.Execute("UPDATE \"t \"\"x\" SET a = 2");
        connection.Execute("DELETE FROM \"t \"\"x\"");
        var events = CdcLogReader.ReadAfter(connection, 0, 10);
        Assert.Equal([ChangeKind.Insert, ChangeKind.Update, ChangeKind.Delete], events.Select(e => e.Kind));
        Assert.Equal(0, events[0].OldKey.Length);
        Assert.Equal(new object?[] { 1L, "k" }, Objects(events[1].OldKey));
        Assert.Equal(new object?[] { 2L, "k", new byte[] { 0, 255 } }, Objects(events[1].Row));
        Assert.Equal(new object?[] { 2L, "k" }, Objects(events[2].OldKey));
        Assert.All(events, e => Assert.Equal("t \"x", e.Table));
    }

    [Fact]
    public void The_metadata_format_is_recorded_once()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        MetadataStore.EnsureCreated(connection);
        MetadataStore.EnsureCreated(connection);
        Assert.Equal(MetadataSchema.FormatVersion, connection.Scalar("SELECT value FROM _yoda_state WHERE key = 'format_version'"));
        Assert.Null(MetadataStore.LoadWatermark(connection));
        MetadataStore.SaveWatermark(connection, 42);
        Assert.Equal(42, MetadataStore.LoadWatermark(connection));
    }

    private static object?[] Objects(ReadOnlySpan<Yoda.Columnar.Storage.StorageValue> values)
    {
        var objects = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            objects[i] = values[i].ToObject();
        }

        return objects;
    }
}
