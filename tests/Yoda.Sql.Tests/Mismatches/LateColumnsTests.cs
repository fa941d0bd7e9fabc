namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// When the planner fetches grouped columns late (<c>Planning/LateColumns</c>): a column of a table whose only
/// INTEGER primary-key column (without NULLs) is grouped as a plain column, read nowhere but as a whole GROUP BY
/// term and whole result columns, is neither scanned nor hashed, and <c>LateColumns</c> reads it by the key after
/// the top-N; every other key stays. The answers are SQLite's in each case.
/// </summary>
public sealed class LateColumnsTests
{
    private const string Script = """
        CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, bal REAL);
        INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, NULL, 2.5), (4, 'a', 1.5), (5, 'e', 9.0);
        CREATE TABLE nokey(id INTEGER, name TEXT);
        INSERT INTO nokey VALUES (1, 'a'), (1, 'b'), (2, 'a');
        CREATE TABLE pair(a INTEGER, b INTEGER, name TEXT, PRIMARY KEY (a, b));
        INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'x');
        CREATE TABLE textkey(k TEXT PRIMARY KEY, name TEXT);
        INSERT INTO textkey VALUES ('1', 'x'), ('2', 'y');
        CREATE TABLE nullkey(k INT PRIMARY KEY, name TEXT);
        INSERT INTO nullkey VALUES (NULL, 'x'), (NULL, 'y'), (1, 'x');
        CREATE TABLE b(id INTEGER PRIMARY KEY, data BLOB);
        INSERT INTO b VALUES (1, x'01ff'), (2, x'02'), (3, NULL), (4, x'0400'), (5, x'0a0b0c'), (6, x'');
        CREATE TABLE o(ck INTEGER, price INTEGER);
        INSERT INTO o VALUES (1, 10), (1, 20), (2, 5), (NULL, 7), (9, 1), (4, 3), (3, 31), (6, 2);
        """;

    private static readonly Lazy<ScriptOracle> Tables = new(() => new ScriptOracle(Script));

    private static string[] Plan(string sql) => Tables.Value.Explain(sql).Split('\n').Select(line => line.Trim()).ToArray();

    private static string Aggregate(string sql) => Plan(sql).First(line => line.StartsWith("HashAggregate", StringComparison.Ordinal));

    [Theory]
    [InlineData("SELECT id, name, bal, sum(price) FROM t, o WHERE id = ck GROUP BY id, name, bal ORDER BY 4 DESC LIMIT 2", "keys=[t.id]", "LateColumns [#1 = t.name by id, #2 = t.bal by id]")]
    [InlineData("SELECT name, sum(price) FROM o LEFT JOIN t ON id = ck GROUP BY name, t.id ORDER BY 2", "keys=[t.id]", "LateColumns [#0 = t.name by id]")]
    [InlineData("SELECT name, count(*) FROM t GROUP BY name, id ORDER BY 2, id", "keys=[id]", "LateColumns [#0 = t.name by id]")]
    [InlineData("SELECT name, name, id, count(*) FROM t GROUP BY name, id ORDER BY 3", "keys=[id]", "LateColumns [#0 = t.name by id, #1 = t.name by id]")]
    [InlineData("SELECT id, data, sum(price) FROM b, o WHERE id = ck GROUP BY id, data ORDER BY 3 DESC, id LIMIT 5", "keys=[b.id]", "LateColumns [#1 = b.data by id]")]
    public void Columns_of_a_table_whose_key_is_grouped_are_fetched_after_the_top_n(string sql, string keys, string late)
    {
        var plan = Plan(sql);
        Assert.Contains(keys + " ", Aggregate(sql));
        Assert.Contains(late, plan);
        Assert.DoesNotContain(plan, line => line.StartsWith("Scan t", StringComparison.Ordinal) && line.Contains("name", StringComparison.Ordinal));
        Tables.Value.AssertSameAtEveryDegree(sql);
    }

    [Fact]
    public void A_grouped_column_the_result_does_not_show_is_only_dropped_from_the_keys()
    {
        const string sql = "SELECT id, count(*) FROM t GROUP BY id, name ORDER BY 1";
        Assert.Contains("keys=[id] ", Aggregate(sql));
        Assert.DoesNotContain(Plan(sql), line => line.StartsWith("LateColumns", StringComparison.Ordinal));
        Tables.Value.AssertSameAtEveryDegree(sql);
    }

    // No ORDER BY but where it is the point: an ORDER BY over the columns would keep the rule off by itself.
    [Theory]
    [InlineData("SELECT name, sum(price) FROM t, o WHERE id = ck GROUP BY name, bal", "keys=[t.name, t.bal]")]
    [InlineData("SELECT id, name, count(*) FROM nokey GROUP BY id, name", "keys=[id, name]")]
    [InlineData("SELECT a, name, count(*) FROM pair GROUP BY a, name", "keys=[a, name]")]
    [InlineData("SELECT k, name, count(*) FROM textkey GROUP BY k, name", "keys=[k, name]")]
    [InlineData("SELECT k, name, count(*) FROM nullkey GROUP BY k, name", "keys=[k, name]")]
    [InlineData("SELECT id, name, sum(price) FROM t, o WHERE id = ck GROUP BY id + 0, name", "keys=[(t.id + 0), t.name]")]
    [InlineData("SELECT id, upper(name), count(*) FROM t GROUP BY id, upper(name)", "keys=[id, upper(name)]")]
    [InlineData("SELECT ck, price, count(*) FROM t, o WHERE id = ck GROUP BY id, ck, price", "keys=[t.id, o.ck, o.price]")]
    [InlineData("SELECT id, name, count(*) FROM t GROUP BY id, name ORDER BY name, id", "keys=[id, name]")]
    [InlineData("SELECT id, name || 'x', count(*) FROM t GROUP BY id, name", "keys=[id, name]")]
    [InlineData("SELECT id, name, count(*) FROM t GROUP BY id, name HAVING name > 'a'", "keys=[id, name]")]
    [InlineData("SELECT id, name, count(*) FROM t WHERE name <> 'b' GROUP BY id, name", "keys=[id, name]")]
    [InlineData("SELECT id, name, max(name) FROM t GROUP BY id, name", "keys=[id, name]")]
    [InlineData("SELECT DISTINCT name, count(*) FROM t GROUP BY id, name", "keys=[id, name]")]
    public void Every_other_key_stays(string sql, string keys)
    {
        Assert.Contains(keys + " ", Aggregate(sql));
        Assert.DoesNotContain(Plan(sql), line => line.StartsWith("LateColumns", StringComparison.Ordinal));
        Tables.Value.AssertSameOrderAtEveryDegree(sql);
    }
}
