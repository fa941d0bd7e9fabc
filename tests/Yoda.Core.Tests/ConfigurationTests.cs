using Apache.Arrow.Types;

namespace Yoda.Core.Tests;

public class ConfigurationTests
{
    // ColumnarOnly: the DuckDB test project changes the default backend.
    [Trait("Backend", "ColumnarOnly")]
    [Fact]
    public void Defaults_follow_the_contract()
    {
        var config = new HtapConfig();
        Assert.Equal("yoda.db", config.OltpPath);
        Assert.True(config.PruneAfterSync);
        Assert.Equal(1000, config.SyncBatchSize);
        Assert.Equal(4, config.ReadPoolSize);
        Assert.Equal(SyncMode.Destructive, config.SyncMode);
        Assert.Equal(OlapBackend.Columnar, config.OlapBackend);
        Assert.Equal(StorageMode.InMemory, config.StorageMode);
        Assert.Null(config.StoragePath);
        Assert.Null(config.SyncInterval);
        Assert.Null(config.SidecarSource);
        Assert.Null(config.SidecarTables);
        Assert.Equal(500, config.SidecarPollBatchSize);
        Assert.Equal(DeleteDetection.Disabled, config.SidecarDeleteDetection);
        Assert.False(config.SidecarEnableOltp);
    }

    [Fact]
    public void Setters_validate_at_once_naming_the_property()
    {
        Assert.Equal("SyncBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { SyncBatchSize = 0 }).ParamName);
        Assert.Equal("ReadPoolSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { ReadPoolSize = 0 }).ParamName);
        Assert.Equal("SidecarPollBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { SidecarPollBatchSize = -1 }).ParamName);
        Assert.Equal("SyncInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { SyncInterval = TimeSpan.Zero }).ParamName);
        Assert.Equal("SyncMode", Assert.Throws<ArgumentOutOfRangeException>(() => new HtapConfig { SyncMode = (SyncMode)7 }).ParamName);
        Assert.Equal("OltpPath", Assert.Throws<ArgumentException>(() => new HtapConfig { OltpPath = " " }).ParamName);
        Assert.Equal("StoragePath", Assert.Throws<ArgumentException>(() => new HtapConfig { StoragePath = "" }).ParamName);
    }

    [Fact]
    public void Cross_property_rules_are_checked_before_any_file_is_touched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("never.db");
        var error = Assert.Throws<ArgumentException>(() => new HtapEngine(new HtapConfig { OltpPath = path, StorageMode = StorageMode.Parquet }));
        Assert.Contains("StoragePath", error.Message);
        Assert.Throws<ArgumentException>(() => new HtapEngine(new HtapConfig { OltpPath = path, SidecarSource = "other.db" }));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Features_not_built_yet_fail_clearly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("never.db");
        Assert.Contains("not supported yet", Assert.Throws<YodaException>(() =>
            new HtapEngine(new HtapConfig { OltpPath = path, SidecarSource = "other.db", SidecarTables = [new TimestampTableConfig("t", ["id"])] })).Message);
        Assert.Throws<ArgumentException>(() =>
            new HtapEngine(new HtapConfig { OltpPath = path, OlapBackend = OlapBackend.DuckDb, StorageMode = StorageMode.Parquet, StoragePath = dir.File("olap") }));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Delete_detection_parses_its_string_form()
    {
        Assert.Equal(DeleteDetection.Disabled, DeleteDetection.Parse("disabled"));
        Assert.Equal(DeleteDetection.SoftDelete("deleted_at"), DeleteDetection.Parse("soft_delete:deleted_at"));
        Assert.Throws<ArgumentException>(() => DeleteDetection.Parse("hard_delete"));
        Assert.Throws<ArgumentException>(() => DeleteDetection.Parse("soft_delete:"));
        Assert.Throws<ArgumentException>(() => DeleteDetection.SoftDelete(" "));
    }

    [Theory]
    [InlineData("int8", ArrowTypeId.Int8)]
    [InlineData("int16", ArrowTypeId.Int16)]
    [InlineData("int32", ArrowTypeId.Int32)]
    [InlineData("INT", ArrowTypeId.Int32)]
    [InlineData("int64", ArrowTypeId.Int64)]
    [InlineData("BigInt", ArrowTypeId.Int64)]
    [InlineData("uint8", ArrowTypeId.UInt8)]
    [InlineData("uint16", ArrowTypeId.UInt16)]
    [InlineData("uint32", ArrowTypeId.UInt32)]
    [InlineData("uint64", ArrowTypeId.UInt64)]
    [InlineData("float16", ArrowTypeId.HalfFloat)]
    [InlineData("half", ArrowTypeId.HalfFloat)]
    [InlineData("float32", ArrowTypeId.Float)]
    [InlineData("float", ArrowTypeId.Float)]
    [InlineData("float64", ArrowTypeId.Double)]
    [InlineData("DOUBLE", ArrowTypeId.Double)]
    [InlineData("utf8", ArrowTypeId.String)]
    [InlineData("string", ArrowTypeId.String)]
    [InlineData("text", ArrowTypeId.String)]
    [InlineData("bool", ArrowTypeId.Boolean)]
    [InlineData("boolean", ArrowTypeId.Boolean)]
    [InlineData("binary", ArrowTypeId.Binary)]
    [InlineData("bytes", ArrowTypeId.Binary)]
    public void Schema_type_names_map_to_arrow_types(string typeName, ArrowTypeId expected)
    {
        var schema = new TableSchema("t", [("id", "int64"), ("c", typeName)], ["id"]);
        Assert.Equal(expected, schema.Columns[1].ArrowType.TypeId);
        Assert.Equal(typeName, schema.Columns[1].TypeName);
        Assert.Equal(expected, schema.ToArrowSchema().GetFieldByName("c").DataType.TypeId);
    }

    [Fact]
    public void Schema_rejects_bad_definitions()
    {
        Assert.Equal("unknown type: decimal", Assert.Throws<ArgumentException>(() => new TableSchema("t", [("a", "decimal")], [])).Message.Split(" (")[0]);
        Assert.Throws<ArgumentException>(() => new TableSchema("t", [("a", "int64"), ("A", "utf8")], []));
        Assert.Throws<ArgumentException>(() => new TableSchema("t", [("a", "int64")], ["b"]));
        Assert.Throws<ArgumentException>(() => new TableSchema("", [("a", "int64")], []));
        Assert.Throws<ArgumentException>(() => new TableSchema("t", [], []));
        Assert.Throws<ArgumentException>(() => new TableSchema("t", [("a", "int64")], ["a", "a"]));
    }

    [Fact]
    public void Primary_key_columns_are_not_nullable()
    {
        var schema = new TableSchema("t", [("a", "int64"), ("b", "utf8"), ("c", "float64")], ["b", "a"]);
        Assert.Equal(["b", "a"], schema.PrimaryKey);
        Assert.Equal([false, false, true], schema.Columns.Select(c => c.IsNullable));
        Assert.False(schema.ToArrowSchema().GetFieldByName("a").IsNullable);
    }
}
