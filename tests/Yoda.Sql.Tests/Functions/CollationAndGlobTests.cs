using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>GLOB, NOT GLOB, glob() and COLLATE BINARY/NOCASE/RTRIM in comparisons, ORDER BY, GROUP BY, DISTINCT, min/max and derived tables: Yoda's answer is SQLite's.</summary>
public sealed class CollationAndGlobTests(SampleData data) : IClassFixture<SampleData>
{
    public static TheoryData<string> Queries => new(
    [
        "SELECT id, s GLOB 'a*', s GLOB '*a', s NOT GLOB '?eta*', s GLOB '[a-c]*', s GLOB '[^a]*', s GLOB '*[%_]*', glob('*Ω*', s), s GLOB NULL FROM t ORDER BY id",
        "SELECT 'abc' GLOB 'a?c', 'ABC' GLOB 'a*', 'a]b' GLOB 'a[]]b', 'a-b' GLOB 'a[a-]b', 'x' GLOB '[', 'é' GLOB '?', 12 GLOB '1*', 'a*' GLOB 'a[*]', '' GLOB '*', 'abc' NOT GLOB 'abc'",
        "SELECT id FROM t WHERE s GLOB '*a*' AND s NOT GLOB 'A*' ORDER BY id",
        "SELECT 'abc' = 'ABC' COLLATE NOCASE, 'abc' COLLATE NOCASE = 'ABC', 'abc ' = 'abc' COLLATE RTRIM, 'abc' COLLATE BINARY = 'ABC', 'a' COLLATE nocase < 'B', 'Ω' = 'ω' COLLATE NOCASE",
        "SELECT id, s = 'ALPHA' COLLATE NOCASE, s COLLATE NOCASE > 'beta', s COLLATE RTRIM = 'alpha   ', s COLLATE NOCASE IN ('beta', 'gamma'), s COLLATE NOCASE BETWEEN 'a' AND 'c' FROM t ORDER BY id",
        "SELECT id, s FROM t WHERE s = 'beta' COLLATE NOCASE ORDER BY id",
        "SELECT id, s FROM t ORDER BY s COLLATE NOCASE, id",
        "SELECT id, s FROM t ORDER BY s COLLATE NOCASE DESC, id DESC",
        "SELECT id, s COLLATE NOCASE AS k FROM t ORDER BY k, id",
        "SELECT id, s FROM t ORDER BY s COLLATE RTRIM, id LIMIT 20",
        "SELECT id, CASE s COLLATE NOCASE WHEN 'ALPHA' THEN 1 ELSE 0 END, nullif(s COLLATE NOCASE, 'BETA') FROM t ORDER BY id",
        "SELECT s COLLATE NOCASE, count(*) FROM t GROUP BY 1 ORDER BY 1",
        "SELECT s, g, count(*), sum(id) FROM t GROUP BY s COLLATE RTRIM ORDER BY 3, 4",
        "SELECT s, min(id) FROM t GROUP BY s COLLATE NOCASE ORDER BY 2",
        "SELECT DISTINCT s COLLATE NOCASE FROM t ORDER BY 1",
        "SELECT DISTINCT s COLLATE RTRIM AS k, g FROM t ORDER BY k DESC, g",
        "SELECT DISTINCT s COLLATE NOCASE FROM t ORDER BY length(s COLLATE NOCASE), 1",
        "SELECT max(s COLLATE NOCASE), min(s COLLATE NOCASE), max(s COLLATE RTRIM), count(DISTINCT s COLLATE NOCASE), total(DISTINCT s COLLATE RTRIM) FROM t",
        "SELECT g, min(s COLLATE NOCASE), max(s COLLATE NOCASE), count(DISTINCT s COLLATE NOCASE) FROM t GROUP BY g ORDER BY g",
        "SELECT id, max(s COLLATE NOCASE) FROM t",
        "SELECT DISTINCT k FROM (SELECT s COLLATE NOCASE AS k FROM t) ORDER BY 1",
        "WITH w AS (SELECT s COLLATE NOCASE AS k, id FROM t) SELECT id, k FROM w WHERE k = 'BETA' ORDER BY id",
        "SELECT t.id FROM t JOIN (SELECT s COLLATE NOCASE AS k FROM t WHERE id = 3) ON t.s = k ORDER BY 1",
        "SELECT t.id FROM t JOIN (SELECT s COLLATE NOCASE AS k FROM t WHERE id = 3) ON k = t.s ORDER BY 1",
        "SELECT k FROM (SELECT 'x' AS k UNION ALL SELECT s COLLATE NOCASE FROM t) WHERE k = 'BETA' ORDER BY 1",
        "SELECT k || '' FROM (SELECT s COLLATE NOCASE AS k FROM t) WHERE k || '' = 'BETA' ORDER BY 1",
        "SELECT id, row_number() OVER (PARTITION BY s COLLATE NOCASE ORDER BY id), count(*) OVER (PARTITION BY s COLLATE RTRIM) FROM t ORDER BY id",
        "SELECT id FROM t WHERE upper(s) IN (s, 'x') AND 'ALPHA' IN (s COLLATE NOCASE, 'y') ORDER BY id",
        "SELECT id FROM t WHERE s IN (upper(s) COLLATE NOCASE, 'x') ORDER BY id",
        "SELECT id FROM t WHERE s IN (upper(s) COLLATE NOCASE) ORDER BY id",
        "SELECT id FROM t WHERE s IN ('ALPHA' COLLATE NOCASE) ORDER BY id",
        "SELECT id FROM (SELECT id, s COLLATE NOCASE AS k FROM t) AS o WHERE EXISTS (SELECT 1 FROM t WHERE o.k = upper(t.s)) ORDER BY id",
        "SELECT id FROM (SELECT id, s COLLATE NOCASE AS k FROM t) AS o WHERE EXISTS (SELECT 1 FROM t WHERE upper(t.s) = o.k) ORDER BY id",
        "SELECT id FROM t WHERE s COLLATE NOCASE IN (SELECT upper(s) FROM t WHERE id < 5) ORDER BY id",
        "SELECT id FROM t WHERE s IN (SELECT upper(s) COLLATE NOCASE FROM t WHERE id < 5) ORDER BY id",
        "SELECT id FROM t WHERE s COLLATE BINARY IN (SELECT upper(s) COLLATE NOCASE FROM t WHERE id < 5) ORDER BY id",
        "SELECT id FROM t WHERE s NOT IN (SELECT s || '  ' COLLATE RTRIM FROM t WHERE id < 3) ORDER BY id",
        "SELECT id FROM t AS o WHERE s COLLATE NOCASE IN (SELECT upper(s) FROM t WHERE t.id = o.id + 1) ORDER BY id",
        "SELECT id FROM (SELECT id, s COLLATE NOCASE AS k FROM t) WHERE k IN (SELECT upper(s) FROM t) ORDER BY id",
        "SELECT s COLLATE NOCASE FROM t UNION SELECT 'x' ORDER BY 1",
        "SELECT s FROM t EXCEPT SELECT 'x' COLLATE RTRIM ORDER BY 1",
        "SELECT s COLLATE NOCASE FROM t UNION ALL SELECT 'x' ORDER BY 1",
        "SELECT upper(s) FROM t UNION SELECT s COLLATE NOCASE FROM t ORDER BY 1",
        "SELECT id FROM t WHERE s COLLATE NOCASE IN (SELECT 'ALPHA' UNION SELECT 'Beta') ORDER BY id",
        "SELECT id FROM t WHERE s IN (SELECT 'ALPHA' COLLATE NOCASE UNION ALL SELECT 'BETA') ORDER BY id",
        "SELECT id FROM t WHERE s IN (SELECT 'BETA' UNION ALL SELECT 'ALPHA' COLLATE NOCASE) ORDER BY id",
        "SELECT id, s COLLATE NOCASE IN (VALUES ('ALPHA'), ('beta ')), s COLLATE RTRIM IN (VALUES ('alpha  '), ('x')), s IN (VALUES ('x'), ('BETA' COLLATE NOCASE)) FROM t ORDER BY id",
        "SELECT id, s IN (SELECT upper(s) FROM t UNION SELECT 'x' COLLATE NOCASE), s NOT IN (SELECT upper(s) COLLATE NOCASE FROM t EXCEPT SELECT 'ALPHA') FROM t ORDER BY id",
        "SELECT id FROM t WHERE s COLLATE NOCASE IN (SELECT upper(s) FROM t ORDER BY id LIMIT 2) ORDER BY id",
        "SELECT id FROM t WHERE s COLLATE NOCASE IN (SELECT upper(s) AS k FROM t ORDER BY k DESC LIMIT 3 OFFSET 1) ORDER BY id",
        "SELECT group_concat(DISTINCT s COLLATE NOCASE), group_concat(DISTINCT s COLLATE RTRIM), group_concat(DISTINCT upper(s) COLLATE NOCASE) FROM t",
        "SELECT g, group_concat(DISTINCT k), count(DISTINCT k), group_concat(k) FROM (SELECT g, CASE id % 3 WHEN 0 THEN s WHEN 1 THEN upper(s) ELSE s || '  ' END COLLATE NOCASE AS k FROM t) GROUP BY g ORDER BY g",
        "SELECT b, group_concat(DISTINCT k) FROM (SELECT b, CASE WHEN id % 2 = 0 THEN s ELSE s || '   ' END COLLATE RTRIM AS k FROM t) GROUP BY b ORDER BY b",
        "SELECT id, max(s COLLATE NOCASE, upper(s)), min(upper(s), s COLLATE NOCASE), max('ALPHA', s COLLATE NOCASE), min(s COLLATE RTRIM, s || ' '), max(s || ' ', s COLLATE RTRIM), max(s, upper(s) COLLATE NOCASE) FROM t ORDER BY id",
    ]);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_sqlite(string sql) => SqliteOracle.AssertSame(data.Sqlite, data.Catalog, sql);

    [Theory]
    [InlineData("SELECT group_concat(DISTINCT s COLLATE NOCASE, ';') FROM t", "DISTINCT aggregates must have exactly one argument")]
    [InlineData("SELECT s COLLATE german FROM t", "no such collation sequence: german")]
    public void Refuses_with_a_clear_message(string sql, string message)
    {
        var error = Assert.ThrowsAny<YodaException>(() => SqlEngine.Execute(sql, [], data.Catalog, default));
        Assert.Equal(message, error.Message);
    }
}
