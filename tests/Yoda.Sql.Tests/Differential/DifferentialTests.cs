namespace Yoda.Sql.Tests.Differential;

/// <summary>Runs each query on Yoda's OLAP path and on SQLite over the same rows; values and column names must match.</summary>
public sealed class DifferentialTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        "SELECT * FROM t ORDER BY id",
        "SELECT id, 0.1 < CAST('' AS TEXT), 1 < CAST('0' AS TEXT), CAST(5 AS TEXT) > 10, 10 = CAST(10 AS TEXT), '5' = CAST(5 AS INTEGER), '2.0' = CAST(2 AS REAL), i32 < CAST('' AS TEXT) FROM t WHERE id < 4 ORDER BY id",
        "SELECT id FROM t WHERE 0.1 < CAST('' AS TEXT) ORDER BY id",
        "SELECT id FROM t WHERE 0.1 < CAST(s AS TEXT) AND id < 4 ORDER BY id",
        "SELECT id, i32, s FROM t WHERE i32 > 100 ORDER BY id",
        "SELECT t.* FROM t WHERE id < 20 ORDER BY 1",
        "SELECT x.id AS k, x.s FROM t AS x WHERE x.id BETWEEN 10 AND 30 ORDER BY k DESC",
        "SELECT id, i32 + i8, i32 - i8, i32 * i8, i32 / i8, i32 % i8 FROM t ORDER BY id",
        "SELECT id, d + i32, d * 2, d / 3, d - 0.5, d % 7 FROM t ORDER BY id",
        "SELECT id, i32 / 0, i32 % 0, d / 0, 5 / 2, -5 / 2, -5 % 3, 5.0 / 2 FROM t WHERE id < 5 ORDER BY id",
        "SELECT 1 + 2, 7 / 2, 7.0 / 2, 0x10, 0xFF + 1, 1e3, .5, 1.5e-3, 'it''s', X'414243', NULL, TRUE, FALSE",
        "SELECT id, s || '-' || i32, d || '', f || 'x', 1.0 || '', 1e20 || '', 0.1 || '', 123456789012345.0 || '', 1.5e-7 || '' FROM t ORDER BY id",
        "SELECT id, i32 = i8, i32 <> i8, i32 < i8, i32 <= i8, i32 > i8, i32 >= i8, i32 == i8, i32 != i8 FROM t ORDER BY id",
        "SELECT id, i32 IS NULL, i32 IS NOT NULL, i32 IS i8, i32 IS NOT i8, i32 ISNULL, i32 NOTNULL FROM t ORDER BY id",
        "SELECT id, (i32 > 0) AND (i8 > 0), (i32 > 0) OR (i8 > 0), NOT (i32 > 0), NOT i32 FROM t ORDER BY id",
        "SELECT id FROM t WHERE i32 IN (1, 2, 3, -5, 100) OR i8 IN (7, NULL) ORDER BY id",
        "SELECT id, i32 IN (1, NULL), i32 NOT IN (1, 2), i8 NOT IN (NULL), i32 IN () FROM t ORDER BY id",
        "SELECT id, s LIKE 'a%', s LIKE '%A', s NOT LIKE '_eta%', s LIKE 'beta\\%' ESCAPE '\\', s LIKE '%mega' FROM t ORDER BY id",
        "SELECT id, CASE WHEN i32 > 0 THEN 'pos' WHEN i32 < 0 THEN 'neg' ELSE 'zero-or-null' END FROM t ORDER BY id",
        "SELECT id, CASE g WHEN 'x' THEN 1 WHEN 'y' THEN 2 END, CASE WHEN d > 0 THEN d ELSE 0.0 END AS c FROM t ORDER BY id",
        "SELECT id, CAST(d AS INTEGER), CAST(i32 AS REAL), CAST(i32 AS TEXT), CAST(s AS INTEGER), CAST(s AS REAL), CAST(d AS TEXT), CAST(bin AS TEXT), CAST(s AS BLOB) FROM t ORDER BY id",
        "SELECT CAST('12abc' AS INTEGER), CAST('3.9' AS INTEGER), CAST('1e3' AS REAL), CAST('  42' AS NUMERIC), CAST('3.0' AS NUMERIC), CAST(4.5 AS NUMERIC), CAST(-7.9 AS INTEGER), CAST(1e30 AS INTEGER), CAST(X'3132' AS INTEGER)",
        "SELECT id, abs(i32), abs(d), coalesce(i32, i8, -1), ifnull(s, 'none'), nullif(i32, 0), coalesce(d, i32) FROM t ORDER BY id",
        "SELECT id, length(s), lower(s), upper(s), length(bin), length(i32), length(d) FROM t ORDER BY id",
        "SELECT id, round(d), round(d, 1), round(d, 2), round(i32 / 7.0, 3), round(-2.5), round(2.5), round(i32) FROM t ORDER BY id",
        "SELECT id, substr(s, 2), substr(s, 1, 3), substr(s, -3), substr(s, -3, 2), substr(s, 0, 2), substr(s, 3, -2), substr(bin, 2, 2) FROM t ORDER BY id",
        "SELECT COUNT(*), COUNT(i32), COUNT(DISTINCT g), SUM(i32), AVG(i32), MIN(i32), MAX(i32), TOTAL(i32) FROM t",
        "SELECT SUM(d), AVG(d), MIN(d), MAX(d), TOTAL(d), MIN(s), MAX(s), MIN(bin), MAX(bin) FROM t",
        "SELECT g, COUNT(*), SUM(i32), AVG(d), MIN(s), MAX(f) FROM t GROUP BY g ORDER BY g",
        "SELECT g, b, COUNT(*) FROM t GROUP BY g, b ORDER BY g, b",
        "SELECT i32 % 5 AS m, COUNT(*) AS n FROM t GROUP BY m ORDER BY m",
        "SELECT i32 % 5, COUNT(*) FROM t GROUP BY 1 ORDER BY 1 DESC",
        "SELECT g, COUNT(*) FROM t GROUP BY g HAVING COUNT(*) > 100 ORDER BY 2",
        "SELECT g, SUM(i32) AS total FROM t WHERE d > 0 GROUP BY g HAVING total > 0 ORDER BY total DESC",
        "SELECT COUNT(*) FROM t WHERE i32 > 10000",
        "SELECT SUM(i32), AVG(i32), TOTAL(i32), MIN(i32), COUNT(*) FROM t WHERE id < 0",
        "SELECT g, COUNT(*) FROM t WHERE id < 0 GROUP BY g",
        "SELECT DISTINCT g FROM t ORDER BY g",
        "SELECT DISTINCT g, b FROM t ORDER BY 1, 2",
        "SELECT id, d FROM t ORDER BY d, id",
        "SELECT id, d FROM t ORDER BY d DESC, id",
        "SELECT id, d FROM t ORDER BY d NULLS LAST, id",
        "SELECT id, d FROM t ORDER BY d DESC NULLS FIRST, id",
        "SELECT id, s FROM t ORDER BY s, id",
        "SELECT id FROM t ORDER BY id LIMIT 10",
        "SELECT id FROM t ORDER BY id LIMIT 10 OFFSET 5",
        "SELECT id FROM t ORDER BY id LIMIT 5, 10",
        "SELECT id, i32 FROM t ORDER BY i32 DESC, id LIMIT 7",
        "SELECT id FROM t ORDER BY id LIMIT -1 OFFSET 590",
        "SELECT id FROM t ORDER BY id LIMIT 0",
        "SELECT id, bin FROM t ORDER BY bin, id",
        "SELECT id, b, b + 1, NOT b FROM t ORDER BY id",
        "SELECT id, big, big / 3, big % 1000, big > 0 FROM t ORDER BY id",
        "SELECT id FROM t WHERE i32 = '5' OR s = 12 OR i8 = '-3' OR d = '0.5' ORDER BY id",
        "SELECT id FROM t WHERE s > 'b' AND s < 'g' ORDER BY id",
        "SELECT id, s < 1, s > 1, bin > s, s = 3.5, s = 7 FROM t ORDER BY id",
        "SELECT 1 < 'a', 'a' < X'00', NULL = NULL, NULL IS NULL, 2 = 2.0, '2' = 2, 'abc' LIKE 'ABC', 'x' || NULL",
        "SELECT i8 * 2 AS twice, i8 FROM t WHERE twice > 100 ORDER BY 1, 2",
        "SELECT g AS grp, COUNT(*) FROM t GROUP BY grp ORDER BY grp",
        "SELECT id, i32 FROM t WHERE NOT (i32 BETWEEN -100 AND 100) AND i32 NOT BETWEEN 500 AND 600 ORDER BY id",
        "SELECT COUNT(*), SUM(b), COUNT(b), TOTAL(b), AVG(b) FROM t",
        "SELECT id, u8, u8 * 2, f FROM t ORDER BY id",
        "SELECT g, COUNT(DISTINCT i8), SUM(DISTINCT i8 % 3), AVG(DISTINCT u8) FROM t GROUP BY g ORDER BY g",
        "SELECT MAX(i32) - MIN(i32), COUNT(*) * 2, SUM(i32) / COUNT(i32) FROM t",
        "SELECT g, MAX(d) FROM t GROUP BY g ORDER BY MAX(d) DESC",
        "SELECT g FROM t GROUP BY g ORDER BY COUNT(*), g",
        "SELECT id, 1 + 2 * 3 - 4 / 2 % 3, (1 + 2) * 3, -2 * -3, 2 || 3 + 4, 1 < 2 = 1, 5 & 3, 5 | 3, 1 << 4, 256 >> 2, ~5, - - 1 FROM t WHERE id = 1",
        "select ID, S from T where ID < 4 order by ID",
        "SELECT \"id\", [s], `g` FROM \"t\" WHERE id < 3 ORDER BY 1",
        "SELECT id -- comment\n, /* block */ s FROM t WHERE id < 3 ORDER BY id;",
        "SELECT id, d FROM t WHERE d IS NULL ORDER BY id",
        "SELECT COUNT(*) FROM t WHERE s IS NULL OR s = ''",
        "SELECT s, COUNT(*) FROM t GROUP BY s ORDER BY s",
        "SELECT bin, COUNT(*) FROM t GROUP BY bin ORDER BY bin",
        "SELECT d, COUNT(*) FROM t GROUP BY d ORDER BY d LIMIT 20",
        "SELECT * FROM empty",
        "SELECT COUNT(*), SUM(id), MAX(s), TOTAL(d) FROM empty",
        "SELECT id, big FROM t WHERE big = 9223372036854775807 OR big = -9223372036854775808 ORDER BY id",
        "SELECT 10 / 3, 10 % 3, 10.0 / 4, -7 % 3, 7 % -3, 5.5 % 2, -5.5 % 2, -9223372036854775808, 9223372036854775808",
        "SELECT MIN(i8), MAX(i8), MIN(b), MAX(u8), MIN(f) FROM t",
        "SELECT g, i8 FROM t WHERE g = 'x' AND i8 IS NOT NULL ORDER BY i8 DESC, id LIMIT 3 OFFSET 2",
        "SELECT id, CASE WHEN i32 IS NULL THEN NULL ELSE i32 * 2 END FROM t ORDER BY id",
        "SELECT id * 1.5 AS x, lower(g) || upper(g) FROM t WHERE id % 50 = 0 ORDER BY x",
        "SELECT COUNT(*) FROM t WHERE TRUE",
        "SELECT id FROM t NOT INDEXED WHERE id < 4 ORDER BY id",
        "SELECT id FROM t WHERE i32 AND i8 ORDER BY id",
        "SELECT id FROM t WHERE s ORDER BY id",
        "SELECT id, s, max(i32) FROM t",
        "SELECT id FROM t WHERE i32 = s OR d < s OR s = i8 ORDER BY id",
        "SELECT id, u8 > s, s <= i8, d = s, s IN (i32, 12), CAST(s AS INTEGER) = s, bin = i32 FROM t ORDER BY id",
        "SELECT id, iif(i32 > 0, 'p', 'n'), iif(d > 0, d, i32), typeof(i32), typeof(d), typeof(s), typeof(bin), typeof(i32 + 0.5) FROM t ORDER BY id",
        "SELECT id, trim(s), ltrim(s, 'a'), rtrim(s, 'a%'), trim('  x  '), replace(s, 'a', 'Ωω'), replace(s, '', 'x'), instr(s, 'a'), instr(s, ''), instr(bin, X'61') FROM t ORDER BY id",
        "SELECT id, hex(s), hex(bin), hex(i32), hex(NULL), sign(i32), sign(d), sign(0), max(i32, i8), min(i32, i8, u8), max(d, i32), min(s, g), max(bin, bin) FROM t ORDER BY id",
        "SELECT id, min(d), s FROM t WHERE d > 0",
        "SELECT g, id, max(d) FROM t GROUP BY g ORDER BY g",
        "SELECT id, s, count(*) FROM t",
        "SELECT g, id, count(*) FROM t GROUP BY g ORDER BY g",
        "SELECT id + 1, count(*) FROM t WHERE id < 0",
        "SELECT substr(X'61', 2, 2), length(substr(X'61', 2, 2))",
        "SELECT 1e16 || '', 1e17 || '', 1.0 / 3 || '', 2.0 / 3 || '', 49.47 || '', 1e-5 || '', 123.456e-10 || '', -0.0 || ''",
        "SELECT id, d / 7 || '', f * 3 || '', CAST(d * 1.1 AS TEXT) FROM t ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_sqlite(string sql) => Compare(sql, []);

    [Fact]
    public void Bound_parameters_match_sqlite() =>
        Compare("SELECT id, i32, ?2 FROM t WHERE i32 > ?1 AND s LIKE :pat AND d > @d ORDER BY id", [100L, "z", "%a%", -100.5]);

    [Fact]
    public void Integer_sum_overflow_is_an_error_in_both()
    {
        Assert.ThrowsAny<Exception>(() => ResultRows.FromSqlite(data.Sqlite, "SELECT SUM(big) FROM t", []));
        var error = Assert.Throws<YodaException>(() => SqlEngine.Execute("SELECT SUM(big) FROM t", [], data.Catalog, default));
        Assert.Contains("integer overflow", error.Message);
    }

    private void Compare(string sql, IReadOnlyList<object?> parameters)
    {
        var (names, expected) = ResultRows.FromSqlite(data.Sqlite, sql, parameters);
        var result = SqlEngine.Execute(sql, parameters, data.Catalog, default);
        var actual = ResultRows.FromArrow(result);
        Assert.Equal(names, result.Schema.FieldsList.Select(f => f.Name).ToList());
        var ordered = sql.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase);
        if (!ordered)
        {
            expected = [.. expected.OrderBy(SortKey, StringComparer.Ordinal)];
            actual = [.. actual.OrderBy(SortKey, StringComparer.Ordinal)];
        }

        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < names.Count; c++)
            {
                Assert.True(
                    ResultRows.Same(expected[r][c], actual[r][c]),
                    $"row {r}, column {names[c]}: SQLite [{ResultRows.Render(expected[r])}] vs Yoda [{ResultRows.Render(actual[r])}]");
            }
        }
    }

    private static string SortKey(object?[] row) =>
        ResultRows.Render(row.Select(v => v is long l ? (double)l : v).ToArray());
}
