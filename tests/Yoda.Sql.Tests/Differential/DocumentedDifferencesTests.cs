namespace Yoda.Sql.Tests.Differential;

/// <summary>Each deliberate difference from SQLite listed in src/Yoda.Sql/README.md, shown side by side.</summary>
public sealed class DocumentedDifferencesTests(SampleData data) : IClassFixture<SampleData>
{
    private List<object?[]> Sqlite(string sql) => ResultRows.FromSqlite(data.Sqlite, sql, []).Rows;

    private List<object?[]> Yoda(string sql) => ResultRows.FromArrow(SqlEngine.Execute(sql, [], data.Catalog, default));

    /// <summary>Formerly differences 1-4 (one static type per expression): each now gives SQLite's value and class.</summary>
    [Theory]
    [InlineData("SELECT 9223372036854775807 + 1")]
    [InlineData("SELECT CASE WHEN 1 THEN 1 ELSE 2.5 END")]
    [InlineData("SELECT CASE WHEN 1 THEN 1 ELSE 2.5 END || ''")]
    [InlineData("SELECT s + 1 FROM t WHERE s = '12'")]
    [InlineData("SELECT s + 1 FROM t WHERE s = '3.5'")]
    [InlineData("SELECT CAST(s AS NUMERIC) FROM t WHERE s = ' 7'")]
    [InlineData("SELECT CAST(d AS NUMERIC) FROM t WHERE d = 33.0")]
    public void Per_row_types_are_sqlites(string sql)
    {
        var expected = Sqlite(sql);
        Assert.NotEmpty(expected);
        var actual = Yoda(sql);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected[0][0]!.GetType(), actual[0][0]!.GetType());
        Assert.Equal(expected[0][0], actual[0][0]);
    }

    /// <summary>
    /// Formerly difference 2 (a compound column of INTEGER and REAL arms typed REAL): each row now keeps
    /// its arm's class, as in SQLite, also read through a subquery (whose column keeps per-row classes).
    /// </summary>
    [Fact]
    public void Compound_column_of_integer_and_real_arms_keeps_each_rows_class()
    {
        const string sql = "SELECT typeof(x), x || '' FROM (SELECT 1 AS x UNION ALL SELECT 2.5) ORDER BY x";
        var expected = Sqlite(sql);
        Assert.Equal(["integer", "1"], expected[0]);
        Assert.Equal(expected, Yoda(sql));
    }

    /// <summary>
    /// Difference 3: equal INTEGER and REAL values form one group that keeps its first row's class.
    /// Over the table in rowid order SQLite agrees; over a subquery ordered the other way SQLite's
    /// DISTINCT reads the table in rowid order all the same (its plan drops the inner ORDER BY) where
    /// its GROUP BY follows it, and Yoda follows it in both.
    /// </summary>
    [Fact]
    public void Equal_integer_and_real_keys_keep_the_first_rows_class()
    {
        const string key = "CASE WHEN id % 2 = 0 THEN 1.0 ELSE 1 END";
        const string inTableOrder = $"SELECT k || '', n FROM (SELECT {key} AS k, count(*) AS n FROM t GROUP BY k)";
        Assert.Equal(Sqlite(inTableOrder), Yoda(inTableOrder));
        Assert.Equal("1", Yoda(inTableOrder)[0][0]);

        const string reversed = $"(SELECT {key} AS k FROM t ORDER BY id DESC)";
        const string grouped = $"SELECT k || '' FROM (SELECT k FROM {reversed} GROUP BY k)";
        const string distinct = $"SELECT k || '' FROM (SELECT DISTINCT k FROM {reversed})";
        Assert.Equal(["1.0"], Yoda(grouped)[0]);
        Assert.Equal(Sqlite(grouped), Yoda(grouped));
        Assert.Equal(["1.0"], Yoda(distinct)[0]);
        Assert.Equal(["1"], Sqlite(distinct)[0]);
    }

    /// <summary>
    /// Difference 3 again: an ORDER BY term of a SELECT DISTINCT that is not a result column takes its
    /// value from the first row of each distinct result as Yoda reads the rows. Over a table that is
    /// SQLite's answer; over a subquery with its own ORDER BY, SQLite flattens that order away.
    /// </summary>
    [Fact]
    public void Distinct_order_by_terms_come_from_the_first_row_read()
    {
        const string inTableOrder = "SELECT DISTINCT g FROM t ORDER BY id DESC";
        Assert.Equal(Sqlite(inTableOrder), Yoda(inTableOrder));
        Assert.Equal(Sqlite("SELECT g FROM t GROUP BY g ORDER BY min(id) DESC"), Yoda(inTableOrder));

        const string reversed = "SELECT DISTINCT g FROM (SELECT g, id FROM t ORDER BY id DESC) ORDER BY id";
        Assert.Equal(Sqlite("SELECT g FROM t GROUP BY g ORDER BY max(id)"), Yoda(reversed));
        Assert.Equal(Sqlite("SELECT g FROM t GROUP BY g ORDER BY min(id)"), Sqlite(reversed));
    }

    /// <summary>
    /// Difference 4: a compound's distinct operations compare under the collation of the left-most select
    /// (up to the last distinct operator) whose column has one, and its ORDER BY under its COLLATE or that
    /// of the left-most select of all. SQLite agrees for two and three selects; with four or more, or a
    /// COLLATE in the ORDER BY, its merge and ephemeral-table plans can compare some rows otherwise.
    /// </summary>
    [Fact]
    public void Compound_collations_follow_one_rule_where_sqlites_depend_on_its_plan()
    {
        using var oracle = new Mismatches.ScriptOracle("""
            CREATE TABLE t(c TEXT, r TEXT COLLATE RTRIM, b TEXT COLLATE NOCASE);
            INSERT INTO t VALUES ('a', 'x', 'A'), ('A', 'x ', 'a'), ('B', 'y  ', 'b'), ('b', 'y', 'B');
            """);
        static List<string?> Column(List<object?[]> rows) => [.. rows.Select(r => (string?)r[0])];

        const string threeSelects = "SELECT c FROM t UNION SELECT r FROM t UNION SELECT upper(c) FROM t ORDER BY 1";
        oracle.AssertSame(threeSelects);

        // Four selects: SQLite folds 'x ' into 'x' (RTRIM, the third select's), Yoda compares BINARY (the first's) as it does for three.
        const string fourSelects = "SELECT c FROM t UNION SELECT c FROM t UNION SELECT r FROM t UNION SELECT upper(c) FROM t ORDER BY 1";
        Assert.Equal(["A", "B", "a", "b", "x", "y"], Column(oracle.Sqlite(fourSelects)));
        Assert.Equal(["A", "B", "a", "b", "x", "x ", "y", "y  "], Column(oracle.Yoda(fourSelects)));

        // A COLLATE on another ORDER BY term: SQLite sorts the first column BINARY, Yoda under its column's NOCASE.
        const string collatedOrder = "SELECT 'Z', 1 UNION SELECT b, 1 FROM t ORDER BY 2 COLLATE BINARY, 1";
        Assert.Equal(["A", "Z", "b"], Column(oracle.Sqlite(collatedOrder)));
        Assert.Equal(["A", "b", "Z"], Column(oracle.Yoda(collatedOrder)));

        // With ORDER BY, SQLite's merge lends the RTRIM of the select appended after the EXCEPT to the
        // EXCEPT at the top of a query ('A ' EXCEPT 'A' is empty), not through a CTE; Yoda compares BINARY
        // (the collation up to the last distinct operator) in both.
        using var tables = new Mismatches.ScriptOracle("""
            CREATE TABLE t1(c TEXT);
            INSERT INTO t1 VALUES ('a'), ('A'), ('B'), (NULL);
            CREATE TABLE t3(c TEXT);
            INSERT INTO t3 VALUES ('A'), ('b');
            """);
        const string appended = "SELECT 'A ' FROM t3 EXCEPT SELECT upper(c) FROM t3 UNION ALL SELECT c COLLATE RTRIM FROM t1 ORDER BY 1 DESC";
        Assert.Equal(4, tables.Sqlite(appended).Count);
        Assert.Equal(5, tables.Yoda(appended).Count);
        const string throughCte = $"WITH s(c0) AS ({appended}) SELECT typeof(c0), c0 || '' FROM s ORDER BY 1, 2";
        tables.AssertSame(throughCte);
    }

    /// <summary>
    /// Difference 5: a subquery column computed by random() is one value per row of the subquery in Yoda;
    /// SQLite flattens the subquery and calls random() again at each reference.
    /// </summary>
    [Fact]
    public void A_random_subquery_column_is_computed_once_per_row()
    {
        const string sql = "SELECT count(*) FROM (SELECT random() AS r FROM t) WHERE r = r";
        Assert.Equal(0L, Sqlite(sql)[0][0]);
        Assert.Equal(Sqlite("SELECT count(*) FROM t")[0][0], Yoda(sql)[0][0]);
    }

    [Fact]
    public void Case_mapping_is_ascii_only_in_both()
    {
        const string sql = "SELECT upper('é'), 'É' LIKE 'é'";
        Assert.Equal(Sqlite(sql)[0], Yoda(sql)[0]);
    }
}
