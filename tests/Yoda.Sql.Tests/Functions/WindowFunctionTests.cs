using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>Window functions (ranking, value, aggregate; ROWS/RANGE/GROUPS frames, EXCLUDE, named windows): Yoda's answer is SQLite's.</summary>
public sealed class WindowFunctionTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        "SELECT id, row_number() OVER (ORDER BY id), rank() OVER (ORDER BY g), dense_rank() OVER (ORDER BY g), percent_rank() OVER (ORDER BY g), cume_dist() OVER (ORDER BY g) FROM t ORDER BY id",
        "SELECT id, g, row_number() OVER (PARTITION BY g ORDER BY id DESC), rank() OVER (PARTITION BY g ORDER BY i8), ntile(4) OVER (PARTITION BY g ORDER BY id), ntile(1000) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, i8, rank() OVER (ORDER BY i8 DESC NULLS LAST), dense_rank() OVER (ORDER BY i8 NULLS LAST), rank() OVER (ORDER BY s COLLATE NOCASE) FROM t ORDER BY id",
        "SELECT id, lag(i32) OVER (ORDER BY id), lead(i32) OVER (ORDER BY id), lag(i32, 3) OVER (PARTITION BY g ORDER BY id), lead(i32, 2, -1) OVER (ORDER BY id), lag(s, 1, 'none') OVER (ORDER BY id), lag(id, 0) OVER (ORDER BY id), lag(id, -1) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, first_value(i32) OVER (PARTITION BY g ORDER BY id), last_value(i32) OVER (PARTITION BY g ORDER BY id), nth_value(i32, 3) OVER (PARTITION BY g ORDER BY id), last_value(s) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t ORDER BY id",
        "SELECT id, count(*) OVER (), count(i32) OVER (), sum(i32) OVER (), avg(d) OVER (), min(s) OVER (), max(d) OVER (), total(i8) OVER () FROM t ORDER BY id",
        "SELECT id, sum(i32) OVER (ORDER BY id), count(*) OVER (PARTITION BY g ORDER BY id), avg(i32) OVER (PARTITION BY g), sum(d) OVER (ORDER BY id), max(i32) OVER (ORDER BY id), min(i8) OVER (PARTITION BY g ORDER BY id) FROM t ORDER BY id",
        "SELECT id, sum(i32) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), avg(d) OVER (ORDER BY id ROWS 3 PRECEDING), min(i32) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), max(s) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), count(d) OVER (ORDER BY id ROWS BETWEEN 5 PRECEDING AND 2 PRECEDING) FROM t ORDER BY id",
        "SELECT id, i8, sum(id) OVER (ORDER BY i8), count(*) OVER (ORDER BY i8 RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING), sum(id) OVER (ORDER BY i8 DESC RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING), min(id) OVER (ORDER BY d RANGE BETWEEN 0.5 PRECEDING AND CURRENT ROW) FROM t ORDER BY id",
        "SELECT id, i8, count(*) OVER (ORDER BY i8 GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY i8 GROUPS 2 PRECEDING), first_value(id) OVER (ORDER BY i8 GROUPS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) FROM t ORDER BY id",
        "SELECT id, g, count(*) OVER (PARTITION BY g ORDER BY i8 RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW), sum(id) OVER (ORDER BY i8 ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP), group_concat(id, '/') OVER (ORDER BY i8 ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), max(id) OVER (ORDER BY i8 GROUPS CURRENT ROW EXCLUDE NO OTHERS) FROM t ORDER BY id",
        "SELECT id, group_concat(s || '.') OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), string_agg(i32, ';') OVER (ORDER BY id ROWS 1 PRECEDING), group_concat(d, s) OVER (ORDER BY id ROWS 2 PRECEDING) FROM t ORDER BY id",
        "SELECT id, sum(i32) OVER w, rank() OVER w, max(i8) OVER (w ROWS 2 PRECEDING), count(*) OVER v FROM t WINDOW w AS (PARTITION BY g ORDER BY id), v AS (w) ORDER BY id",
        "SELECT id, sum(i32) FILTER (WHERE i32 > 0) OVER (ORDER BY id), count(*) FILTER (WHERE s LIKE 'a%') OVER (PARTITION BY g) FROM t ORDER BY id",
        "SELECT g, sum(i32), rank() OVER (ORDER BY sum(i32) DESC), sum(sum(i32)) OVER (), count(*) * 100.0 / sum(count(*)) OVER () FROM t GROUP BY g ORDER BY g",
        "SELECT id, i32 FROM t ORDER BY row_number() OVER (ORDER BY i32 DESC, id) LIMIT 10",
        "SELECT DISTINCT g, count(*) OVER (PARTITION BY g) FROM t ORDER BY g",
        "SELECT id, row_number() OVER (PARTITION BY g, b ORDER BY s, id) AS r FROM t WHERE id < 100 ORDER BY r, id",
        "SELECT row_number() OVER (), count(*) OVER () FROM empty",
        "SELECT id, sum(big) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t WHERE id < 50 ORDER BY id",
        "SELECT id, avg(i32) OVER (ORDER BY id ROWS BETWEEN 10 PRECEDING AND 10 FOLLOWING), total(d) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 3 FOLLOWING) FROM t ORDER BY id",
        "SELECT id, ntile(id % 5 + 1) OVER (PARTITION BY g ORDER BY id), ntile(id % 7 + 1) OVER (ORDER BY id DESC) FROM t ORDER BY id",
        "SELECT id, lag(i32, id % 4) OVER (ORDER BY id), lead(s, id % 3 - 1, 'none') OVER (PARTITION BY g ORDER BY id), lag(id, abs(i8)) OVER (ORDER BY id), lead(id, i8) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, nth_value(i32, id % 4 + 1) OVER (PARTITION BY g ORDER BY id), nth_value(s, id % 5 + 1) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING) FROM t ORDER BY id",
        "SELECT id, sum(id) OVER (ORDER BY g RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY g DESC RANGE BETWEEN 2 FOLLOWING AND 3 FOLLOWING), sum(id) OVER (ORDER BY s RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) FROM t ORDER BY id",
        "SELECT id, count(*) OVER (ORDER BY bin RANGE 5 PRECEDING), sum(id) OVER (ORDER BY s COLLATE NOCASE RANGE BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM t ORDER BY id",
        "SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 + 1 PRECEDING AND '2' FOLLOWING), sum(id) OVER (ORDER BY d RANGE BETWEEN CAST('1.5' AS REAL) PRECEDING AND CURRENT ROW) FROM t ORDER BY id",
        "SELECT id, lag(id, i8) OVER (ORDER BY id), lag(i32, i8 % 3, -5) OVER (PARTITION BY g ORDER BY id), lag(id, -2) OVER (ORDER BY id), lag(id, -1) OVER (PARTITION BY g ORDER BY id), lead(id, -2) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, lag(id, d) OVER (ORDER BY id), lead(id, s) OVER (ORDER BY id), lead(id, CASE WHEN b THEN 1 ELSE 1.0 END) OVER (ORDER BY id), lag(id, NULL, 0) OVER (ORDER BY id), lead(id, 2.0) OVER (ORDER BY id), lead(id, '1') OVER (ORDER BY id), lag(s, 1.5, 'x') OVER (ORDER BY id), lead(id, bin) OVER (ORDER BY id) FROM t ORDER BY id",
        "SELECT id, ntile(abs(d) + 1) OVER (PARTITION BY g ORDER BY id), ntile(2.7) OVER (ORDER BY id), ntile('3') OVER (ORDER BY id), ntile(CASE WHEN b THEN 2 ELSE 3.5 END) OVER (PARTITION BY b ORDER BY id) FROM t ORDER BY id",
        "SELECT id, min(s COLLATE NOCASE) OVER (ORDER BY id), max(s COLLATE NOCASE) OVER (PARTITION BY g ORDER BY id), min(s COLLATE RTRIM) OVER (ORDER BY id DESC), max(s COLLATE NOCASE) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING) FROM t WHERE id < 60 ORDER BY id",
        "SELECT id, min(k) OVER (ORDER BY id), max(k) OVER (PARTITION BY id % 3 ORDER BY id), min(k) OVER (ORDER BY id GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) FROM (SELECT id, CASE id % 4 WHEN 0 THEN s WHEN 1 THEN upper(s) WHEN 2 THEN s || '  ' ELSE lower(s) END COLLATE NOCASE AS k FROM t WHERE id < 60) ORDER BY id",
        "SELECT id, max(k) OVER (ORDER BY id), min(k) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW), max(k) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM (SELECT id, CASE id % 3 WHEN 0 THEN s WHEN 1 THEN s || ' ' ELSE s || '   ' END COLLATE RTRIM AS k FROM t WHERE id < 60) ORDER BY id",
        "SELECT id, min(s COLLATE NOCASE) OVER (ORDER BY g), max(s COLLATE NOCASE) OVER (PARTITION BY b), max(upper(s) COLLATE NOCASE) OVER (ORDER BY g DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE TIES), min(s COLLATE RTRIM) OVER (PARTITION BY g ORDER BY b GROUPS UNBOUNDED PRECEDING EXCLUDE GROUP) FROM t ORDER BY id",
        "SELECT id, min(s COLLATE NOCASE) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW), max(s COLLATE NOCASE) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), min(s COLLATE RTRIM) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), max(s COLLATE NOCASE) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM t WHERE id < 80 ORDER BY id",
        "SELECT id, min(k) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING), max(k) OVER (ORDER BY id / 3 RANGE BETWEEN 1 PRECEDING AND CURRENT ROW), min(k) OVER (ORDER BY id / 4 GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), max(k) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM (SELECT id, CASE id % 4 WHEN 0 THEN s WHEN 1 THEN upper(s) WHEN 2 THEN s || '  ' ELSE lower(s) END COLLATE NOCASE AS k FROM t WHERE id < 80) ORDER BY id",
        "SELECT id, nth_value(id, 2.0) OVER (ORDER BY id), nth_value(id, '2') OVER (ORDER BY id), nth_value(i32, CASE WHEN b THEN 1 ELSE 2.0 END) OVER (PARTITION BY g ORDER BY id), nth_value(id, ' 3 ') OVER (ORDER BY id) FROM t ORDER BY id",

        // A frame offset that reads no row is evaluated once, whatever it is made of (a COLLATE, text, an INTEGER operation that overflows to REAL).
        "SELECT id, sum(id) OVER (ORDER BY id ROWS 1 COLLATE NOCASE PRECEDING), sum(id) OVER (ORDER BY id ROWS BETWEEN +'1' COLLATE NOCASE PRECEDING AND 2 - 1 COLLATE RTRIM FOLLOWING), sum(id) OVER (ORDER BY id ROWS CAST(1 AS TEXT) PRECEDING), sum(id) OVER (ORDER BY id ROWS '1 ' PRECEDING) FROM t ORDER BY id",
        "SELECT id, sum(id) OVER (ORDER BY id RANGE 9223372036854775807 + 1 PRECEDING), count(*) OVER (ORDER BY d RANGE '1.5' PRECEDING), sum(id) OVER (ORDER BY id GROUPS 1 IN (1, 2) PRECEDING) FROM t ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_sqlite(string sql) => SqliteOracle.AssertSame(data.Sqlite, data.Catalog, sql);

    [Theory]
    [InlineData("SELECT id FROM t WHERE row_number() OVER () > 1", "misuse of window function row_number()")]
    [InlineData("SELECT row_number(1) OVER () FROM t", "wrong number of arguments to function row_number()")]
    [InlineData("SELECT abs(i32) OVER () FROM t", "abs() may not be used as a window function")]
    [InlineData("SELECT count(DISTINCT i32) OVER () FROM t", "DISTINCT is not supported for window functions")]
    [InlineData("SELECT ntile(0) OVER () FROM t", "argument of ntile must be a positive integer")]
    [InlineData("SELECT nth_value(i32, 0) OVER () FROM t", "second argument to nth_value must be a positive integer")]
    [InlineData("SELECT ntile(i8) OVER (ORDER BY i8, id) FROM t", "argument of ntile must be a positive integer")]
    [InlineData("SELECT nth_value(i32, i8) OVER (ORDER BY id) FROM t", "second argument to nth_value must be a positive integer")]
    [InlineData("SELECT nth_value(id, 1.5) OVER () FROM t", "second argument to nth_value must be a positive integer")]
    [InlineData("SELECT nth_value(id, s) OVER (ORDER BY id) FROM t", "second argument to nth_value must be a positive integer")]
    [InlineData("SELECT ntile('x') OVER () FROM t", "argument of ntile must be a positive integer")]
    [InlineData("SELECT sum(i32) OVER (ROWS 1 FOLLOWING) FROM t", "unsupported frame specification")]
    [InlineData("SELECT sum(i32) OVER (ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id, g RANGE 1 PRECEDING) FROM t", "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression")]
    [InlineData("SELECT sum(i32) OVER x FROM t", "no such window: x")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id ROWS BETWEEN id PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id ROWS BETWEEN abs(-1) PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id GROUPS BETWEEN CURRENT ROW AND (SELECT 1) FOLLOWING) FROM t", "frame ending offset must be a non-negative integer")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id RANGE BETWEEN NULL PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative number")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY s RANGE BETWEEN 'a' PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative number")]
    [InlineData("SELECT sum(i32) OVER (ORDER BY id ROWS BETWEEN NULL PRECEDING AND CURRENT ROW) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(i32) OVER (w ORDER BY id) FROM t WINDOW w AS (ORDER BY g)", "cannot override ORDER BY clause of window: w")]
    [InlineData("SELECT sum(i32) OVER (w PARTITION BY g) FROM t WINDOW w AS (ORDER BY g)", "cannot override PARTITION clause of window: w")]
    [InlineData("SELECT sum(i32) OVER (w) FROM t WINDOW w AS (ORDER BY g ROWS CURRENT ROW)", "cannot override frame specification of window: w")]
    [InlineData("SELECT sum(row_number() OVER ()) OVER () FROM t", "misuse of window function sum()")]
    [InlineData("SELECT sum(id) OVER (ORDER BY id ROWS 9223372036854775807 + 1 PRECEDING) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(id) OVER (ORDER BY id ROWS -(-9223372036854775808) PRECEDING) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND x'31' FOLLOWING) FROM t", "frame ending offset must be a non-negative integer")]
    [InlineData("SELECT sum(id) OVER (ORDER BY id ROWS random() PRECEDING) FROM t", "frame starting offset must be a non-negative integer")]
    [InlineData("SELECT sum(id) OVER (ORDER BY id ROWS 'a' LIKE 'a' PRECEDING) FROM t", "frame starting offset must be a non-negative integer")]
    public void Refuses_like_sqlite(string sql, string message)
    {
        Assert.ThrowsAny<Exception>(() => ResultRows.FromSqlite(data.Sqlite, sql, []));
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Equal(message, error.Message);
    }
}
