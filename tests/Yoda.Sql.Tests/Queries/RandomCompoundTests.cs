using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Queries;

/// <summary>
/// Random compound selects over arms that mix INTEGER and REAL values (1 and 1.0 equal) and texts under
/// BINARY, NOCASE and RTRIM (declared or explicit), with every operator and ORDER BY: the same rows as
/// SQLite, in SQLite's order, including which of the equal values each distinct row shows, also read
/// through a CTE (each row's class, REAL affinity), except for the shapes of deliberate difference 4,
/// where SQLite's answer depends on its plan. Each run takes a new seed, printed on failure.
/// </summary>
public sealed class RandomCompoundTests : IDisposable
{
    private const string Script = """
        CREATE TABLE t1(i INTEGER, d REAL, b TEXT COLLATE NOCASE, c TEXT, r TEXT COLLATE RTRIM);
        INSERT INTO t1 VALUES (1, 1.0, 'A', 'a', 'x'), (2, 2.5, 'a', 'A', 'x '), (NULL, 2.0, 'b', 'B', 'y  '), (1, NULL, 'B', NULL, 'y');
        CREATE TABLE t2(i INTEGER, d REAL, b TEXT COLLATE NOCASE, c TEXT, r TEXT COLLATE RTRIM);
        INSERT INTO t2 VALUES (2, 1.0, 'b', 'a ', 'X'), (1, 3.0, 'a', 'b', 'x'), (3, 2.0, NULL, 'A', 'x  '), (2, 1.0, 'A', 'B', NULL);
        CREATE TABLE t3(i INTEGER, d REAL, b TEXT COLLATE NOCASE, c TEXT, r TEXT COLLATE RTRIM);
        INSERT INTO t3 VALUES (1, 2.0, 'a', 'A', 'y'), (3, 1.0, 'B', 'b', 'y ');
        """;

    private static readonly string[] Numbers = ["i", "d", "1", "1.0", "2.5", "NULL"];
    private static readonly string[] Texts = ["b", "c", "r", "'a'", "'A '", "c COLLATE NOCASE", "b COLLATE BINARY", "c COLLATE RTRIM", "upper(c)"];
    private static readonly string[] Operators = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT"];

    private readonly ScriptOracle _oracle = new(Script);

    public void Dispose() => _oracle.Dispose();

    [Fact]
    public void Random_compounds_match_sqlite()
    {
        // A fresh seed each run; YODA_PROPERTY_SEED replays one.
        var seed = int.TryParse(Environment.GetEnvironmentVariable("YODA_PROPERTY_SEED"), out var replay) ? replay : Random.Shared.Next();
        var random = new Random(seed);
        for (var q = 0; q < 600; q++)
        {
            var textColumns = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(2) == 0).ToArray();
            var arms = Enumerable.Range(0, random.Next(2, 5)).Select(_ =>
                $"SELECT {string.Join(", ", textColumns.Select(isText => Pick(random, isText ? Texts : Numbers)))} FROM t{random.Next(1, 4)}").ToList();
            var sql = arms[0] + string.Concat(arms.Skip(1).Select(arm => $" {Pick(random, Operators)} {arm}"));
            var orderBy = Enumerable.Range(1, textColumns.Length).Select(n => n + (random.Next(4) == 0 ? " COLLATE NOCASE" : "") + (random.Next(3) == 0 ? " DESC" : "")).ToList();
            var ordered = random.Next(3) != 0;
            sql += ordered ? " ORDER BY " + string.Join(", ", orderBy) : "";
            if (IsDocumentedDifference(arms.Count, sql, ordered ? orderBy : []) || (ordered && IsOrderedThenAppended(sql)))
            {
                continue;
            }

            try
            {
                _oracle.AssertSame(sql);
                var columns = string.Join(", ", textColumns.Select((_, i) => $"c{i}"));
                var shown = string.Join(", ", textColumns.Select((_, i) => $"typeof(c{i}), c{i} || ''"));
                var all = string.Join(", ", Enumerable.Range(1, 2 * textColumns.Length));
                var throughCte = $"WITH s({columns}) AS ({sql}) SELECT {shown} FROM s ORDER BY {all}";
                _oracle.AssertSame(throughCte);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, query {sql}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Deliberate difference 4 (docs/sql-semantics.md), where SQLite's answer depends on its plan: a
    /// distinct operation in a compound of four or more selects, and a COLLATE in the ORDER BY.
    /// </summary>
    private static bool IsDocumentedDifference(int selects, string sql, IReadOnlyList<string> orderBy) =>
        (selects >= 4 && (sql.Contains(" UNION SELECT", StringComparison.Ordinal) || sql.Contains("INTERSECT", StringComparison.Ordinal) || sql.Contains("EXCEPT", StringComparison.Ordinal)))
        || orderBy.Any(term => term.Contains("COLLATE", StringComparison.Ordinal));

    /// <summary>
    /// Deliberate difference 4 too: with ORDER BY and a UNION ALL after a distinct operator, SQLite's
    /// distinct operation sometimes takes a collation from the appended selects (its ORDER BY merge),
    /// depending on the query's shape and on whether it is read through a CTE.
    /// </summary>
    private static bool IsOrderedThenAppended(string sql)
    {
        var lastDistinct = new[] { " UNION SELECT", " INTERSECT ", " EXCEPT " }.Max(op => sql.LastIndexOf(op, StringComparison.Ordinal));
        return lastDistinct >= 0 && sql.IndexOf(" UNION ALL ", lastDistinct, StringComparison.Ordinal) >= 0;
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
