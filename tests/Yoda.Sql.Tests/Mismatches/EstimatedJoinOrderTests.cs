namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// The join order from row estimates (<c>FromPlanner.JoinOrder</c>, <c>JoinEstimates</c>): a small
/// filtered dimension chain joins first when that pays by far, tables linked only through a third
/// join on the equality the conditions imply, and shapes that must not be reordered (outer joins)
/// or cannot be linked (disconnected tables, non-equalities) still give SQLite's answers.
/// </summary>
public sealed class EstimatedJoinOrderTests
{
    /// <summary>A snowflake shaped like TPC-H's: 5 regions, 25 nations, 100 suppliers, 600 customers, 6,000 orders, 24,000 lines (some NULL keys).</summary>
    private const string Script = """
        CREATE TABLE region(rk INTEGER, rname TEXT);
        INSERT INTO region VALUES (0, 'AFRICA'), (1, 'AMERICA'), (2, 'ASIA'), (3, 'EUROPE'), (4, 'MIDDLE EAST');
        CREATE TABLE nation(nk INTEGER, nname TEXT, nrk INTEGER);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 24) INSERT INTO nation SELECT n, 'nation ' || n, n % 5 FROM i;
        CREATE TABLE supplier(sk INTEGER, snk INTEGER);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 99) INSERT INTO supplier SELECT n, (n * 7) % 25 FROM i;
        CREATE TABLE customer(ck INTEGER, cnk INTEGER);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 599) INSERT INTO customer SELECT n, CASE WHEN n % 97 = 0 THEN NULL ELSE (n * 11) % 25 END FROM i;
        CREATE TABLE orders(ok INTEGER, ock INTEGER, odate INTEGER);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 5999) INSERT INTO orders SELECT n, (n * 13) % 600, n % 365 FROM i;
        CREATE TABLE lineitem(lok INTEGER, lsk INTEGER, price INTEGER);
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < 23999) INSERT INTO lineitem SELECT (n * 7) % 6000, CASE WHEN n % 101 = 0 THEN NULL ELSE (n * 3) % 100 END, n % 1000 FROM i;
        """;

    private const string Snowflake = """
        SELECT nname, sum(price), count(*) FROM customer, orders, lineitem, supplier, nation, region
        WHERE ck = ock AND lok = ok AND lsk = sk AND cnk = snk AND snk = nk AND nrk = rk
          AND rname = 'ASIA' AND odate >= 100 AND odate < 200
        GROUP BY nname ORDER BY nname
        """;

    private static readonly Lazy<ScriptOracle> Tables = new(() => new ScriptOracle(Script));

    private static string FirstScan(string plan) =>
        plan.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("Scan ", StringComparison.Ordinal));

    [Fact]
    public void The_filtered_dimension_chain_joins_first_and_the_fact_table_is_not_the_probe_side()
    {
        var plan = Tables.Value.Explain(Snowflake);

        Assert.StartsWith("Scan region", FirstScan(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("NestedLoopJoin", plan);
        Tables.Value.AssertSame(Snowflake);
    }

    [Fact]
    public void Tables_linked_only_through_a_third_join_on_the_implied_equality()
    {
        const string sql = """
            SELECT nname, count(*) FROM customer, supplier, nation
            WHERE snk = cnk AND cnk = nk AND nname = 'nation 3' GROUP BY nname
            """;

        var plan = Tables.Value.Explain(sql);

        Assert.StartsWith("Scan nation", FirstScan(plan), StringComparison.Ordinal);
        Assert.Contains("on (supplier.snk = nation.nk)", plan);
        Assert.DoesNotContain("NestedLoopJoin", plan);
        Tables.Value.AssertSame(sql);
    }

    [Fact]
    public void Selective_filters_on_the_larger_table_make_it_the_first()
    {
        const string sql = "SELECT count(*), sum(price), sum(odate) FROM orders, lineitem WHERE ok = lok AND price = 7 AND lsk < 10";

        Assert.StartsWith("Scan lineitem", FirstScan(Tables.Value.Explain(sql)), StringComparison.Ordinal);
        Tables.Value.AssertSame(sql);
    }

    [Fact]
    public void Outer_joins_keep_the_from_order()
    {
        const string sql = """
            SELECT count(*), count(sk), sum(price) FROM lineitem LEFT JOIN supplier ON lsk = sk AND snk = 3, nation, region
            WHERE nk = lsk % 25 AND nrk = rk AND rname = 'ASIA'
            """;

        Assert.StartsWith("Scan lineitem", FirstScan(Tables.Value.Explain(sql)), StringComparison.Ordinal);
        Tables.Value.AssertSame(sql);
    }

    [Theory]
    [InlineData("SELECT count(*), count(sk), sum(price) FROM lineitem LEFT JOIN supplier ON lsk = sk AND snk = 3 WHERE sk IS NULL")]
    [InlineData("SELECT count(*), sum(ok), sum(nk) FROM region, orders, nation WHERE rname = 'ASIA' AND odate = 5 AND nk < 3")]
    [InlineData("SELECT count(*), sum(price), sum(rk) FROM lineitem, orders, region WHERE lok = ok AND rname = 'ASIA' AND odate = 5")]
    [InlineData("SELECT count(*), sum(sk), sum(nk) FROM supplier, nation, region WHERE snk < nk AND nrk = rk AND rname = 'ASIA'")]
    [InlineData("SELECT count(*), sum(ck) FROM customer, supplier, nation, region WHERE cnk = snk AND snk = nk AND nrk = rk AND rname = 'ASIA' AND sk < 50")]
    [InlineData("SELECT count(*), sum(ck) FROM customer, nation, supplier WHERE cnk = nk AND nk = snk AND snk = cnk AND sk = 8")]
    [InlineData("SELECT count(*), sum(price) FROM lineitem, supplier, customer WHERE lsk = sk AND snk = cnk AND ck = 17")]
    [InlineData("SELECT nname, rname FROM nation, region WHERE nrk = rk AND rname = 'ASIA' ORDER BY nname")]
    public void Reordered_and_unreorderable_shapes_match_sqlite(string sql) => Tables.Value.AssertSame(sql);
}
