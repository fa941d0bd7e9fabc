using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Property: a GROUP BY that lists a table's INTEGER PRIMARY KEY beside other columns of that table (grouped by the
/// key alone, the others fetched by the key after the top-N: <c>Planning/LateColumns</c>) gives SQLite's answer at
/// 1, 2 and 8 threads: joined to a table with duplicate, NULL and missing join keys, inner and LEFT joins (the
/// customer side NULL-extended), deleted customers (deletion vectors), an empty side, TEXT/REAL/NULL deferred
/// columns; and where the rule must not fire (the columns in HAVING, ORDER BY with ties and NULLs, under
/// expressions); without ORDER BY, in first-seen order. Where ties at the top-N's
/// boundary decide which groups survive (SQLite's choice is its plan's), the rows are those of the same query
/// with the rule kept off by a HAVING that reads the columns and keeps every group.
/// </summary>
public sealed class LateColumnProperties
{
    [Property(MaxTest = 25)]
    public void Grouping_by_the_key_and_columns_it_determines_gives_sqlites_answer(int seed)
    {
        var random = new Random(seed);
        var customers = random.Next(0, 6) == 0 ? 0 : random.Next(1, 400);
        var orders = random.Next(0, 6) == 0 ? 0 : random.Next(1, 3000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, bal REAL, nk INTEGER);");
        script.Append("CREATE TABLE o(ok INTEGER, ck INTEGER, price REAL, q INTEGER);");
        for (var i = 0; i < customers; i++)
        {
            var name = random.Next(0, 12) == 0 ? "NULL" : $"'name {random.Next(0, customers / 2 + 1)} {new string('x', random.Next(0, 40))}'";
            var bal = random.Next(0, 10) == 0 ? "NULL" : (random.Next(-4000, 4000) / 8.0).ToString("R", CultureInfo.InvariantCulture);
            var nk = random.Next(0, 10) == 0 ? "NULL" : random.Next(0, 5).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO t VALUES ({i * 3 - 50}, {name}, {bal}, {nk});");
        }

        for (var i = 0; i < orders; i++)
        {
            var ck = random.Next(0, 15) == 0 ? "NULL" : (random.Next(0, customers + 5) * 3 - 50).ToString(CultureInfo.InvariantCulture);
            var price = (random.Next(0, 100000) / 100.0).ToString("R", CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO o VALUES ({i}, {ck}, {price}, {random.Next(0, 50)});");
        }

        // Customers at these positions are marked deleted in Yoda's deletion vectors and deleted in SQLite.
        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, customers).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var segmentRows = random.Next(1, 200);
        using var oracle = new ScriptOracle(
            script.ToString(),
            table => TableLayouts.Every(table, segmentRows, table.Name == "t" ? deleted : null),
            deleted.Count == 0 ? null : $"DELETE FROM t WHERE id IN ({string.Join(", ", deleted.Select(i => i * 3 - 50))});");
        var join = random.Next(0, 3) == 0 ? "o LEFT JOIN t ON id = ck" : random.Next(0, 2) == 0 ? "t, o WHERE id = ck" : "o JOIN t ON ck = id";
        string[] queries =
        [
            $"SELECT id, name, sum(price) AS r, bal, count(*) FROM {join} GROUP BY id, name, bal ORDER BY r DESC, id LIMIT 7",
            $"SELECT name, bal, sum(q) FROM {join} GROUP BY bal, name, id ORDER BY 3, name NULLS FIRST, bal DESC",
            $"SELECT upper(name) || id, max(price), bal * 2 FROM {join} GROUP BY id, name, bal HAVING bal > 0 OR name IS NULL ORDER BY 1, 2, 3",
            $"SELECT id, nk, name, min(price) FROM {join} GROUP BY name, id, nk ORDER BY nk, 2, name DESC, id LIMIT 11 OFFSET 2",
            $"SELECT id, name, count(*) FROM {join} GROUP BY id, name ORDER BY count(*) DESC, name, id DESC LIMIT 5",
            $"SELECT name, bal, id, sum(price) AS r FROM {join} GROUP BY id, name, bal ORDER BY r, id DESC LIMIT 9",
            $"SELECT bal, name, nk, count(*), sum(q) FROM {join} GROUP BY name, nk, bal, id ORDER BY 5 DESC, id LIMIT 4 OFFSET 1",
            $"SELECT name, sum(price), id FROM {join} GROUP BY id, name ORDER BY id",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }

        oracle.AssertFirstSeenOrderAtEveryDegree("SELECT id, name, bal, sum(q) FROM t GROUP BY id, name, bal");
        oracle.AssertFirstSeenOrderAtEveryDegree("SELECT name, count(*), bal FROM t GROUP BY id, name, bal");
        foreach (var parallelism in new[] { 1, 2, 8 })
        {
            var options = new ExecutionOptions { Parallelism = parallelism };
            var tied = $"SELECT name, bal, count(*) FROM {join} GROUP BY id, name, bal";
            Assert.Equal(
                oracle.YodaRows(tied + " HAVING name IS NULL OR name IS NOT NULL OR bal IS NULL ORDER BY 3 DESC LIMIT 3", options),
                oracle.YodaRows(tied + " ORDER BY 3 DESC LIMIT 3", options));
        }
    }
}
