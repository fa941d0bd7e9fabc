using System.Globalization;
using System.Text;
using FsCheck.Xunit;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Property: a chain of inner joins whose joins output only the columns a later step reads (a join key no later
/// join or condition reads is never gathered, <c>JoinLayout.Keeping</c>) gives SQLite's answer at 1, 2 and 8
/// threads, for columns read only by a later join's condition, only by ORDER BY, only by HAVING, only by GROUP BY,
/// only by the result, and by an outer join's ON (whose plan keeps every column); keys NULL and duplicated on
/// either side; rows of any table deleted (deletion vectors / SQLite DELETE); segments of 16 to 300 rows.
/// </summary>
public sealed class JoinColumnsProperties
{
    private static readonly string[] Queries =
    [
        // a.x only by the last join's condition, b.t only by the result.
        "SELECT b.t, d.pos, c.pos FROM a, b, c, d WHERE a.k = b.ak AND b.k = c.bk AND c.k = d.ck AND a.x < d.x ORDER BY 2, 3, 1",

        // a.t and b.x only by ORDER BY (rows equal in every ORDER BY term show alike).
        "SELECT d.pos, c.x FROM a JOIN b ON a.k = b.ak JOIN c ON b.k = c.bk JOIN d ON d.ck = c.k ORDER BY a.t, b.x DESC, d.pos, c.pos LIMIT 9",

        // a.x only by HAVING, b.t only by GROUP BY.
        "SELECT count(*), sum(d.x) FROM a, b, c, d WHERE a.k = b.ak AND b.k = c.bk AND c.k = d.ck GROUP BY b.t HAVING max(a.x) > 4 ORDER BY 1, 2",

        // a.t by a later level's text condition, c.x only by an aggregate.
        "SELECT a.pos % 3, count(*), sum(c.x), min(b.t) FROM a, b, c, d WHERE a.k = b.ak AND b.k = c.bk AND c.k = d.ck AND a.t = d.t GROUP BY 1 ORDER BY 1",

        // Keys read by the result too; a filter on one table.
        "SELECT a.k, b.k, c.k, d.ck, d.x FROM a, b, c, d WHERE a.k = b.ak AND b.k = c.bk AND c.k = d.ck AND b.x > 2 ORDER BY 1, 2, 3, 4, 5",

        // An outer join's ON reads a column of the first table.
        "SELECT a.pos, b.pos, c.pos FROM a JOIN b ON a.k = b.ak LEFT JOIN c ON b.k = c.bk AND a.x < c.x ORDER BY 1, 2, 3",
    ];

    [Property(MaxTest = 25)]
    public void Joins_that_output_only_the_columns_read_later_give_sqlites_answer(int seed)
    {
        var random = new Random(seed);
        var rows = new[] { random.Next(1, 40), random.Next(1, 120), random.Next(1, 300), random.Next(1, 400) };
        string Key() => random.Next(0, 10) == 0 ? "NULL" : random.Next(0, 25).ToString(CultureInfo.InvariantCulture);
        string Text() => random.Next(0, 8) == 0 ? "NULL" : $"'t{random.Next(0, 5)}'";
        string Real() => (random.Next(0, 1000) / 8.0).ToString("R", CultureInfo.InvariantCulture);
        var script = new StringBuilder(
            "CREATE TABLE a(pos INTEGER, k INTEGER, x INTEGER, t TEXT);CREATE TABLE b(pos INTEGER, k INTEGER, ak INTEGER, x INTEGER, t TEXT);"
            + "CREATE TABLE c(pos INTEGER, k INTEGER, bk INTEGER, x REAL);CREATE TABLE d(pos INTEGER, ck INTEGER, x INTEGER, t TEXT);");
        for (var i = 0; i < rows[0]; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO a VALUES ({i}, {Key()}, {random.Next(0, 10)}, {Text()});");
        }

        for (var i = 0; i < rows[1]; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO b VALUES ({i}, {Key()}, {Key()}, {random.Next(0, 10)}, {Text()});");
        }

        for (var i = 0; i < rows[2]; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO c VALUES ({i}, {Key()}, {Key()}, {Real()});");
        }

        for (var i = 0; i < rows[3]; i++)
        {
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO d VALUES ({i}, {Key()}, {random.Next(0, 10)}, {Text()});");
        }

        string[] names = ["a", "b", "c", "d"];
        var deleted = rows.Select(n => random.Next(0, 2) == 0 ? new HashSet<int>() : Enumerable.Range(0, n).Where(_ => random.Next(0, 5) == 0).ToHashSet()).ToArray();
        var deletes = string.Concat(names.Select((name, t) => deleted[t].Count == 0 ? "" : $"DELETE FROM {name} WHERE pos IN ({string.Join(", ", deleted[t])});"));
        var segmentRows = random.Next(16, 300);
        using var oracle = new ScriptOracle(
            script.ToString(),
            table => TableLayouts.Every(table, segmentRows, deleted[System.Array.IndexOf(names, table.Name)]),
            deletes.Length == 0 ? null : deletes);

        // The plan drops columns (else this property tests nothing new); the outer join's keeps them all.
        Assert.Contains(" unread", oracle.Explain(Queries[0]), StringComparison.Ordinal);
        Assert.DoesNotContain(" unread", oracle.Explain(Queries[^1]), StringComparison.Ordinal);
        foreach (var sql in Queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
