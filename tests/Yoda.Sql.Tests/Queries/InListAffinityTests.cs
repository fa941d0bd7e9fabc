using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>
/// <c>x IN (a, b, …)</c> compares under x's affinity alone (SQLite's exprINAffinity), and TEXT affinity
/// turns numbers into text but leaves a BLOB (also a BLOB row of a per-row value) a BLOB.
/// </summary>
public sealed class InListAffinityTests : IDisposable
{
    private const string Script = """
        CREATE TABLE m(id INTEGER, r REAL, s TEXT, i INTEGER, b BLOB);
        INSERT INTO m VALUES (1, 3.5, '3.5', 3, x'332E35'), (2, 1.0, '1', 1, x'31'), (3, 2.0, '2.0', 2, x'322E30'), (4, NULL, 'a', NULL, x'61'), (5, 3.0, '3', 3, NULL);
        """;

    private readonly ScriptOracle _oracle = new(Script);

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData("SELECT id, r + 0 IN (s, s), r + 0 = s, r + 0 IN (s), (r + 0) IN ('3.5', s), i + 0 IN (s, 'x'), s IN (r + 0, 1), s IN (r, 1), r IN (s, 1), r + 0 IN (s, i), i IN (s, 'x') FROM m ORDER BY id")]
    [InlineData("SELECT id, 3.5 IN (s, s), 3 IN (s, i), '3' IN (i, r), s IN (3, 3.5), s IN (i, r) FROM m ORDER BY id")]
    [InlineData("SELECT id, s = CASE WHEN id > 2 THEN b ELSE i END, s IN (CASE WHEN id > 2 THEN b ELSE i END, 'zz'), s = coalesce(b, 1), s = iif(id % 2, b, r) FROM m ORDER BY id")]
    [InlineData("SELECT id, s = b, s IN (b, 'q'), b IN (s, 'q'), CAST(s AS BLOB) IN (b, 1) FROM m ORDER BY id")]
    public void Answers_are_sqlites(string sql) => _oracle.AssertSame(sql);
}
