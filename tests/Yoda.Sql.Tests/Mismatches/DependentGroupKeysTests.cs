namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// When the planner groups by a table's primary key alone (<c>Planning/DependentGroupKeys</c>): only over the only
/// INTEGER primary-key column of a table, without NULLs in it, grouped as a plain column; every other key stays.
/// The answers are SQLite's in each case.
/// </summary>
public sealed class DependentGroupKeysTests
{
    private const string Script = """
        CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, bal REAL);
        INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, NULL, 2.5), (4, 'a', 1.5);
        CREATE TABLE nokey(id INTEGER, name TEXT);
        INSERT INTO nokey VALUES (1, 'a'), (1, 'b'), (2, 'a');
        CREATE TABLE pair(a INTEGER, b INTEGER, name TEXT, PRIMARY KEY (a, b));
        INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'x');
        CREATE TABLE textkey(k TEXT PRIMARY KEY, name TEXT);
        INSERT INTO textkey VALUES ('1', 'x'), ('2', 'y');
        CREATE TABLE nullkey(k INT PRIMARY KEY, name TEXT);
        INSERT INTO nullkey VALUES (NULL, 'x'), (NULL, 'y'), (1, 'x');
        CREATE TABLE o(ck INTEGER, price INTEGER);
        INSERT INTO o VALUES (1, 10), (1, 20), (2, 5), (NULL, 7), (9, 1), (4, 3);
        """;

    private static readonly Lazy<ScriptOracle> Tables = new(() => new ScriptOracle(Script));

    private static string Aggregate(string sql) =>
        Tables.Value.Explain(sql).Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("HashAggregate", StringComparison.Ordinal));

    [Theory]
    [InlineData("SELECT id, name, bal, sum(price) FROM t, o WHERE id = ck GROUP BY id, name, bal", "keys=[t.id]")]
    [InlineData("SELECT name, sum(price) FROM o LEFT JOIN t ON id = ck GROUP BY name, t.id", "keys=[t.id]")]
    [InlineData("SELECT name, count(*) FROM t GROUP BY name, id", "keys=[id]")]
    public void Columns_of_a_table_whose_key_is_grouped_are_taken_from_the_group(string sql, string keys)
    {
        Assert.Contains(keys + " ", Aggregate(sql));
        Tables.Value.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2");
    }

    [Theory]
    [InlineData("SELECT name, sum(price) FROM t, o WHERE id = ck GROUP BY name, bal", "keys=[t.name, t.bal]")]
    [InlineData("SELECT id, name, count(*) FROM nokey GROUP BY id, name", "keys=[id, name]")]
    [InlineData("SELECT a, name, count(*) FROM pair GROUP BY a, name", "keys=[a, name]")]
    [InlineData("SELECT k, name, count(*) FROM textkey GROUP BY k, name", "keys=[k, name]")]
    [InlineData("SELECT k, name, count(*) FROM nullkey GROUP BY k, name", "keys=[k, name]")]
    [InlineData("SELECT id, name, sum(price) FROM t, o WHERE id = ck GROUP BY id + 0, name", "keys=[(t.id + 0), t.name]")]
    [InlineData("SELECT id, upper(name), count(*) FROM t GROUP BY id, upper(name)", "keys=[id, upper(name)]")]
    [InlineData("SELECT ck, price, count(*) FROM t, o WHERE id = ck GROUP BY id, ck, price", "keys=[t.id, o.ck, o.price]")]
    public void Every_other_key_stays(string sql, string keys)
    {
        Assert.Contains(keys + " ", Aggregate(sql));
        Tables.Value.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2");
    }
}
