using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: <c>x IN (…)</c> used as a value (summed, grouped by, selected, compared, in HAVING and
/// ORDER BY) gives SQLite's answers at 1, 2 and 8 threads over INTEGER, REAL and TEXT operands with
/// NULLs, lists holding NULL, duplicates, runs of integers (tested as a range), constants of other
/// types (affinity), non-ASCII texts, and the same test written out as ORs of equalities.
/// </summary>
public sealed class InListValueProperties
{
    private static readonly string[] Texts = ["'a'", "'mobile'", "'été'", "''", "'a text longer than sixteen bytes'", "'10'"];

    [Property(MaxTest = 30)]
    public void In_lists_as_values_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 3) == 0 ? random.Next(0, 40) : random.Next(3000, 9000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, r REAL, s TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var v = random.Next(0, 8) == 0 ? "NULL" : random.Next(-2, 12).ToString(CultureInfo.InvariantCulture);
            var r = random.Next(0, 8) == 0 ? "NULL" : (random.Next(-4, 12) / 2.0).ToString("0.0", CultureInfo.InvariantCulture);
            var s = random.Next(0, 8) == 0 ? "NULL" : Texts[random.Next(Texts.Length)];
            script.Append(CultureInfo.InvariantCulture, $"({i}, {v}, {r}, {s})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString(), table => TableLayouts.Every(table, random.Next(1, 5000)));
        for (var q = 0; q < 4; q++)
        {
            var test = RandomInList(random);
            oracle.AssertSameAtEveryDegree($"SELECT count(*), sum({test}), count({test}), min(id) FROM t");
            oracle.AssertSameAtEveryDegree($"SELECT {test} AS k, count(*), sum(v) FROM t GROUP BY {test} ORDER BY k");
            oracle.AssertSameAtEveryDegree($"SELECT id, {test} FROM t WHERE ({test}) IS NOT 1 OR id % 7 = 0 ORDER BY id LIMIT 50");
            oracle.AssertSameAtEveryDegree($"SELECT v % 3 AS g, sum({test}) FROM t GROUP BY g HAVING max({test}) = 1 OR count(*) > 10 ORDER BY g");
            oracle.AssertSameAtEveryDegree($"SELECT id FROM t ORDER BY {test} DESC, id LIMIT 20");
        }
    }

    /// <summary>An IN (or NOT IN, or ORs of equalities) over v, r or s with 1 to 6 items.</summary>
    private static string RandomInList(Random random)
    {
        var column = random.Next(0, 3) switch { 0 => "v", 1 => "r", _ => "s" };
        var items = Enumerable.Range(0, random.Next(1, 7)).Select(_ => Item(random, column)).ToList();
        if (random.Next(0, 4) == 0)
        {
            // A run of integers, as in RegionID IN (0, 1, 2, 3).
            var low = random.Next(-2, 8);
            items = [.. Enumerable.Range(low, random.Next(2, 5)).Select(k => k.ToString(CultureInfo.InvariantCulture))];
        }

        return random.Next(0, 6) switch
        {
            0 => string.Join(" OR ", items.Select(item => $"{column} = {item}")),
            1 => $"{column} NOT IN ({string.Join(", ", items)})",
            _ => $"{column} IN ({string.Join(", ", items)})",
        };
    }

    /// <summary>Mostly constants of the column's type; NULL and constants of other types now and then.</summary>
    private static string Item(Random random, string column) => random.Next(0, 10) switch
    {
        0 => "NULL",
        1 => Texts[random.Next(Texts.Length)],
        2 => "'3'",
        3 => (random.Next(-4, 12) / 2.0).ToString("0.0", CultureInfo.InvariantCulture),
        _ when column == "s" => Texts[random.Next(Texts.Length)],
        _ when column == "r" => (random.Next(-4, 12) / 2.0).ToString("0.0", CultureInfo.InvariantCulture),
        _ => random.Next(-2, 12).ToString(CultureInfo.InvariantCulture),
    };
}
