using Microsoft.Data.Sqlite;
using Yoda.Columnar.Types;

namespace Yoda.Core.Tests;

/// <summary>
/// Columns declared COLLATE NOCASE or RTRIM in SQLite: registration carries the collation to the OLAP
/// column, queries compare under it (SQLite's answers), it survives a reopen, and a collation the OLAP
/// engine does not know is refused.
/// </summary>
// ColumnarOnly: DuckDB compares registered columns under its own collations.
[Trait("Backend", "ColumnarOnly")]
public class DeclaredCollationTests
{
    private const string CreateTable = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, code TEXT COLLATE rtrim, plain TEXT COLLATE BINARY)";

    private static readonly TableSchema Schema = new("t", [("id", "int64"), ("name", "utf8"), ("code", "utf8"), ("plain", "utf8")], ["id"]);

    private static readonly string[] Queries =
    [
        "SELECT id FROM t WHERE name = 'ALICE' ORDER BY id",
        "SELECT id FROM t WHERE code = 'a1' ORDER BY id",
        "SELECT id FROM t WHERE plain = 'alice' ORDER BY id",
        "SELECT count(DISTINCT name) FROM t",
        "SELECT id FROM t WHERE plain = name ORDER BY id",
        "SELECT plain FROM t UNION SELECT name FROM t",
        "SELECT name FROM t UNION SELECT plain FROM t",
        "SELECT 'Alice' UNION SELECT name FROM t ORDER BY 1 DESC",
    ];

    [Fact]
    public async Task Registration_carries_the_declared_collation_and_queries_compare_under_it()
    {
        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = ":memory:" });
        await engine.ExecuteAsync(CreateTable);
        await engine.RegisterTableAsync(Schema);
        await WriteAsync(engine);

        var fields = Olap.Schema(engine, "t").FieldsList;
        Assert.Equal("NOCASE", fields[1].Metadata[ColumnDefinition.CollationMetadataKey]);
        Assert.Equal("RTRIM", fields[2].Metadata[ColumnDefinition.CollationMetadataKey]);
        Assert.False(fields[3].HasMetadata);
        await AssertSameAnswersAsync(engine);
    }

    [Theory]
    [InlineData(StorageMode.ArrowIpc)]
    [InlineData(StorageMode.Parquet)]
    public async Task The_declared_collation_survives_a_reopen(StorageMode storage)
    {
        using var dir = new TempDirectory();
        var config = Persistence.DurableStorageTests.Config(dir, storage);
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            await engine.ExecuteAsync(CreateTable);
            await engine.RegisterTableAsync(Schema);
            await WriteAsync(engine);
        }

        await using var reopened = await HtapEngine.OpenAsync(config);
        Assert.Equal(7, Olap.Rows(reopened, "t").Count);
        Assert.Equal("NOCASE", Olap.Schema(reopened, "t").FieldsList[1].Metadata[ColumnDefinition.CollationMetadataKey]);
        await AssertSameAnswersAsync(reopened);
    }

    [Fact]
    public async Task A_registration_stored_before_collations_were_recorded_takes_them_from_sqlite()
    {
        using var dir = new TempDirectory();
        var config = new HtapConfig { OltpPath = dir.File("d.db") };
        await using (var engine = await HtapEngine.OpenAsync(config))
        {
            await engine.ExecuteAsync(CreateTable);
            await engine.RegisterTableAsync(Schema);
            await WriteAsync(engine);
        }

        using (var connection = new SqliteConnection($"Data Source={config.OltpPath};Pooling=False"))
        {
            connection.Open();
            using var strip = connection.CreateCommand();
            strip.CommandText = "SELECT definition FROM _yoda_tables WHERE name = 't'";
            var definition = (string)strip.ExecuteScalar()!;
            Assert.Contains("\"Collation\":\"NOCASE\"", definition);
            strip.CommandText = "UPDATE _yoda_tables SET definition = $old WHERE name = 't'";
            strip.Parameters.AddWithValue("$old", System.Text.RegularExpressions.Regex.Replace(definition, ",\"Collation\":\"[A-Z]+\"", ""));
            Assert.Equal(1, strip.ExecuteNonQuery());
        }

        await using var reopened = await HtapEngine.OpenAsync(config);
        var fields = Olap.Schema(reopened, "t").FieldsList;
        Assert.Equal("NOCASE", fields[1].Metadata[ColumnDefinition.CollationMetadataKey]);
        Assert.Equal("RTRIM", fields[2].Metadata[ColumnDefinition.CollationMetadataKey]);
        Assert.False(fields[3].HasMetadata);
        await AssertSameAnswersAsync(reopened);
    }

    [Fact]
    public async Task A_declared_collation_the_olap_engine_does_not_know_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("d.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            connection.CreateCollation("REVERSED", (a, b) => string.CompareOrdinal(b, a));
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE REVERSED)";
            create.ExecuteNonQuery();
        }

        await using var engine = await HtapEngine.OpenAsync(new HtapConfig { OltpPath = path });
        var error = await Assert.ThrowsAsync<YodaException>(() =>
            engine.RegisterTableAsync(new TableSchema("t", [("id", "int64"), ("name", "utf8")], ["id"])));
        Assert.Equal("table t column name: collation REVERSED is not supported yet (the OLAP engine knows BINARY, NOCASE and RTRIM)", error.Message);
        Assert.Equal(0L, await RegistrationTests.ScalarAsync(engine, "SELECT count(*) FROM _yoda_tables"));
        Assert.Equal(0L, await RegistrationTests.ScalarAsync(engine, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
    }

    private static async Task WriteAsync(HtapEngine engine)
    {
        await engine.ExecuteAsync(
            "INSERT INTO t VALUES (1, 'alice', 'a1', 'alice'), (2, 'Alice', 'a1  ', 'ALICE'), (3, 'BOB', 'b2', 'bob'), (4, NULL, NULL, NULL), "
            + "(5, 'ALICE', ' a1', 'Alice'), (6, 'bob', 'A1', 'bob'), (7, 'carol', 'c3 ', 'carol')");
        await Persistence.DurableStorageTests.SyncAllAsync(engine);
    }

    private static async Task AssertSameAnswersAsync(HtapEngine engine)
    {
        foreach (var sql in Queries)
        {
            Assert.Equal(await ColumnAsync(engine.QueryOltpAsync(sql)), await ColumnAsync(engine.QueryOlapAsync(sql)));
        }
    }

    private static async Task<List<object?>> ColumnAsync(Task<IReadOnlyList<Apache.Arrow.RecordBatch>> query) =>
        (await query).SelectMany(b => Enumerable.Range(0, b.Length).Select(r => Columnar.Storage.ArrowValues.Get(b.Column(0), r))).ToList();
}
