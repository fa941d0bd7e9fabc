using System.Text;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// The join order of inner joins follows the join predicates: a table is joined when an equality
/// links it to the tables before, so no cross product is formed where a predicate connects, and a
/// FROM list of any length runs. Answers compared with SQLite.
/// </summary>
public sealed class JoinOrderTests
{
    private const string Script = """
        CREATE TABLE a(id INTEGER, x INTEGER);
        INSERT INTO a VALUES (1, 10), (2, 20), (3, 30), (4, NULL);
        CREATE TABLE b(id INTEGER, x INTEGER);
        INSERT INTO b VALUES (1, 20), (2, 30), (3, 10), (5, 10);
        CREATE TABLE c(x INTEGER, z TEXT);
        INSERT INTO c VALUES (10, 'ten'), (20, 'twenty'), (30, 'thirty'), (30, 'trente');
        """;

    [Theory]
    [InlineData("SELECT a.id, b.id, c.z FROM a, c, b WHERE a.id = b.id AND b.x = c.x ORDER BY 1, 2, 3")]
    [InlineData("SELECT a.id, c.z FROM c, a, b WHERE b.x = c.x AND a.id = b.id AND c.z > 't' ORDER BY 1, 2")]
    [InlineData("SELECT count(*) FROM a JOIN c JOIN b ON b.x = c.x AND a.id = b.id")]
    [InlineData("SELECT a.id, c.z FROM a, c, b WHERE a.x < c.x AND b.id = a.id ORDER BY 1, 2")]
    [InlineData("SELECT a.id, b.id, c.x FROM a, c, b WHERE a.id = b.id ORDER BY 1, 2, 3")]
    public void Reordered_joins_match_sqlite(string sql)
    {
        using var oracle = new ScriptOracle(Script);
        oracle.AssertSame(sql);
        oracle.AssertSameColumnNames(sql);
    }

    [Fact]
    public void A_table_linked_by_an_equality_joins_before_an_unlinked_one()
    {
        using var oracle = new ScriptOracle(Script);

        var plan = oracle.Explain("SELECT * FROM a, c, b WHERE a.id = b.id AND b.x = c.x");

        Assert.DoesNotContain("NestedLoopJoin", plan);
        Assert.Contains("on (a.id = b.id)", plan);
        Assert.Contains("on (b.x = c.x)", plan);
    }

    [Fact]
    public void A_connected_from_order_is_kept()
    {
        using var oracle = new ScriptOracle(Script);

        var plan = oracle.Explain("SELECT * FROM a, b, c WHERE a.id = b.id AND b.x = c.x");

        Assert.True(plan.IndexOf("on (b.x = c.x)", StringComparison.Ordinal) < plan.IndexOf("on (a.id = b.id)", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Project [#", plan);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(64)]
    public void A_chain_of_many_tables_in_shuffled_order_matches_sqlite(int tables)
    {
        var random = new Random(tables);
        var script = new StringBuilder();
        for (var t = 1; t <= tables; t++)
        {
            script.Append($"CREATE TABLE t{t}(a{t} INTEGER PRIMARY KEY, b{t} INTEGER, x{t} TEXT);\n");
            var values = Enumerable.Range(1, 10).OrderBy(_ => random.Next()).ToArray();
            script.Append($"INSERT INTO t{t} VALUES {string.Join(", ", values.Select((b, i) => $"({i + 1}, {b}, 't{t} row {i + 1}')"))};\n");
        }

        var order = Enumerable.Range(1, tables).OrderBy(_ => random.Next()).ToArray();
        var links = Enumerable.Range(2, tables - 1).Select(t => $"b{random.Next(1, t)} = a{t}").OrderBy(_ => random.Next());
        var sql = $"SELECT {string.Join(", ", order.Select(t => $"x{t}"))} FROM {string.Join(", ", order.Select(t => $"t{t}"))} "
            + $"WHERE {string.Join(" AND ", links)} AND a1 > 3 ORDER BY x1";
        using var oracle = new ScriptOracle(script.ToString());

        Assert.DoesNotContain("NestedLoopJoin", oracle.Explain(sql));
        Assert.Equal(7, oracle.Sqlite(sql).Count);
        oracle.AssertSame(sql);
    }
}
