using Microsoft.Data.Sqlite;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>zeroblob, randomblob, random and sqlite_version, and the functions SQLite has that OLAP queries refuse or SQLite lacks.</summary>
public sealed class SystemFunctionTests(SampleData data) : IClassFixture<SampleData>
{
    [Theory]
    [InlineData("SELECT zeroblob(3), zeroblob(0), zeroblob(-1), zeroblob(NULL), zeroblob('3'), zeroblob('1e1'), zeroblob(2.7), zeroblob(x'33'), typeof(zeroblob(2)), zeroblob(-9223372036854775808)")]
    [InlineData("SELECT id, zeroblob(i8 % 5), length(zeroblob(abs(i32) % 9)), hex(zeroblob(s)) FROM t ORDER BY id")]
    [InlineData("SELECT length(randomblob(5)), length(randomblob(0)), length(randomblob(-5)), length(randomblob(NULL)), length(randomblob('2.9')), typeof(randomblob(1)), typeof(random())")]
    [InlineData("SELECT id, length(randomblob(i8 % 7)) FROM t ORDER BY id")]
    [InlineData("SELECT random(*) IS NOT NULL, abs(DISTINCT -3), lower(DISTINCT 'A')")]
    public void Matches_sqlite(string sql) => SqliteOracle.AssertSame(data.Sqlite, data.Catalog, sql);

    [Theory]
    [InlineData("SELECT zeroblob(2000000000)")]
    [InlineData("SELECT randomblob(2000000000)")]
    [InlineData("SELECT zeroblob()")]
    [InlineData("SELECT random(1)")]
    [InlineData("SELECT sqlite_version(1)")]
    [InlineData("SELECT randomblob(1, 2)")]
    [InlineData("SELECT changes(1)")]
    [InlineData("SELECT soundex('a')")]
    [InlineData("SELECT median(id) FROM t")]
    [InlineData("SELECT percentile(id, 50) FROM t")]
    [InlineData("SELECT random() OVER ()")]
    [InlineData("SELECT zeroblob(1) OVER ()")]
    public void Fails_as_sqlite_fails(string sql)
    {
        var expected = Assert.Throws<SqliteException>(() => ResultRows.FromSqlite(data.Sqlite, sql, []));
        var actual = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Contains(actual.Message, expected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT changes()")]
    [InlineData("SELECT last_insert_rowid()")]
    public void Connection_state_is_refused_saying_why(string sql)
    {
        Assert.NotEmpty(ResultRows.FromSqlite(data.Sqlite, sql, []).Rows);
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Contains("reads the state of a SQLite connection", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT json('[1]')", "json")]
    [InlineData("SELECT json_extract('{\"a\":1}', '$.a')", "json_extract")]
    [InlineData("SELECT jsonb('1')", "jsonb")]
    public void Json_functions_are_not_supported_yet(string sql, string name)
    {
        Assert.NotEmpty(ResultRows.FromSqlite(data.Sqlite, sql, []).Rows);
        Assert.Equal($"function {name}() is not supported yet", Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default)).Message);
    }

    [Fact]
    public void Random_gives_each_row_its_own_integer()
    {
        var rows = ResultRows.FromArrow(SqlEngine.Execute("SELECT random(), random(), random() + 0 FROM t", [], data.Catalog, default));
        var values = rows.SelectMany(r => r).Select(v => Assert.IsType<long>(v)).ToList();
        Assert.Equal(values.Count, values.Distinct().Count());
        Assert.Contains(values, v => v < 0);
        Assert.Contains(values, v => v > 0);
    }

    [Fact]
    public void Random_is_not_one_value_per_query_in_expressions_filters_and_groups()
    {
        var rowCount = (long)ResultRows.FromArrow(SqlEngine.Execute("SELECT count(*) FROM t", [], data.Catalog, default))[0][0]!;
        var distinct = ResultRows.FromArrow(SqlEngine.Execute("SELECT count(DISTINCT random() % 1000000007), count(DISTINCT randomblob(8)) FROM t", [], data.Catalog, default))[0];
        Assert.All(distinct, d => Assert.InRange((long)d!, rowCount - 2, rowCount));
        var kept = (long)ResultRows.FromArrow(SqlEngine.Execute("SELECT count(*) FROM t WHERE random() > 0", [], data.Catalog, default))[0][0]!;
        Assert.InRange(kept, rowCount / 4, rowCount * 3 / 4);
        var groups = ResultRows.FromArrow(SqlEngine.Execute("SELECT count(*) FROM (SELECT random() % 2 AS r FROM t) GROUP BY r", [], data.Catalog, default));
        Assert.Equal(3, groups.Count);
    }

    [Fact]
    public void Randomblob_has_the_asked_length_and_new_bytes_per_row()
    {
        var rows = ResultRows.FromArrow(SqlEngine.Execute("SELECT randomblob(16), randomblob(16) FROM t", [], data.Catalog, default));
        var blobs = rows.SelectMany(r => r).Select(v => Assert.IsType<byte[]>(v)).ToList();
        Assert.All(blobs, b => Assert.Equal(16, b.Length));
        Assert.Equal(blobs.Count, blobs.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void Sqlite_version_is_the_one_the_engine_is_given()
    {
        var version = data.Sqlite.ServerVersion;
        var options = ExecutionOptions.Default with { SqliteVersion = version };
        var rows = ResultRows.FromArrow(SqlEngine.Execute("SELECT sqlite_version(), typeof(sqlite_version())", [], data.Catalog, options, default));
        Assert.Equal(ResultRows.FromSqlite(data.Sqlite, "SELECT sqlite_version(), typeof(sqlite_version())", []).Rows, rows);
    }

    [Fact]
    public void Sqlite_version_without_a_library_fails_clearly()
    {
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute("SELECT sqlite_version()", [], data.Catalog, default));
        Assert.Contains("sqlite_version()", error.Message, StringComparison.Ordinal);
    }
}
