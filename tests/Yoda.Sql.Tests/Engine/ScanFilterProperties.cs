using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Engine;

/// <summary>
/// Property: filters pushed into a scan give SQLite's answers, both where an ungrouped aggregate
/// reads them as a row mask narrowed predicate by predicate (COUNT(*), COUNT, SUM, AVG, MIN, MAX of
/// a filtered scan) and where the scan makes selections. The table is cut into segments at random
/// places (sliced arrays, so with offsets; segments above a chunk's 4096 rows), some rows deleted
/// through deletion vectors, with NULLs, both REAL zeros, text of either side of eight bytes, and
/// conjunctions of comparisons, IN and LIKE that pass all, none or some rows of a chunk (LIKE
/// '%literal%' with ASCII case, non-ASCII letters, literals of 1 to 7 bytes and longer than 8 and values whose
/// concatenation would match across a boundary: 'goo' then 'gle'); and the
/// unfiltered text MIN/MAX that segments without deleted rows take from their zone maps.
/// </summary>
public sealed class ScanFilterProperties
{
    private static readonly string[] Texts =
    [
        "", "a", "ab", "b", "2013-07-01", "2013-07-15", "2013-07-15x", "2013-08-01", "http://google.com/a", "é",
        "goo", "gle", "xGOOGLEx", "ÉcoleGoogle", "http://www.example.org/a/rather/long/path/to/a/page?q=gooGle&x=1",
    ];

    private static readonly string[] LikeConjuncts =
    [
        "s LIKE '%o%'", "s NOT LIKE '2013%'", "s LIKE '%google%'", "s NOT LIKE '%GooGle%'", "s LIKE '%oogle&x=%'", "s LIKE '%é%'",
        "s LIKE '%gOo%'", "s LIKE '%.com%'", "s NOT LIKE '%e.org%'", "s LIKE '%/a/raTh%'",
    ];

    [Property(MaxTest = 40)]
    public void Filtered_scans_and_aggregates_match_sqlite(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 3) == 0 ? random.Next(0, 200) : random.Next(4000, 10000);
        var nullShare = random.Next(0, 3) switch { 0 => 0.0, 1 => 0.1, _ => 0.9 };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, r REAL, s TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var a = random.NextDouble() < nullShare ? "NULL" : random.Next(-5, 6).ToString(CultureInfo.InvariantCulture);
            var r = random.NextDouble() < nullShare ? "NULL" : random.Next(0, 8) switch
            {
                0 => "0.0",
                1 => "-0.0",
                _ => (random.Next(-400, 400) / 8.0).ToString("R", CultureInfo.InvariantCulture),
            };
            var s = random.NextDouble() < nullShare ? "NULL" : $"'{Texts[random.Next(Texts.Length)]}'";
            script.Append(CultureInfo.InvariantCulture, $"({i}, {a}, {r}, {s})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 7) == 0).ToHashSet();
        var cuts = Cuts(random, rows);
        using var oracle = new ScriptOracle(
            script.ToString(),
            table => TableLayouts.Cut(table, cuts, deleted),
            deleted.Count == 0 ? null : $"DELETE FROM t WHERE id IN ({string.Join(", ", deleted)});");

        for (var q = 0; q < 6; q++)
        {
            var where = string.Join(" AND ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Conjunct(random)));
            oracle.AssertSame($"SELECT COUNT(*) FROM t WHERE {where}");
            oracle.AssertSame($"SELECT COUNT(*), COUNT(a), SUM(a), AVG(a), MIN(a), MAX(a), COUNT(r), MIN(r), MAX(r), SUM(a + 1) FROM t WHERE {where}");
            oracle.AssertSame($"SELECT id FROM t WHERE {where} ORDER BY id");
        }

        oracle.AssertSame("SELECT MIN(s), MAX(s), COUNT(*), MIN(a) FROM t");
    }

    private static string Conjunct(Random random)
    {
        string[] operators = ["=", "<>", "<", "<=", ">", ">="];
        var op = operators[random.Next(operators.Length)];
        return random.Next(0, 9) switch
        {
            0 or 1 => $"a {op} {random.Next(-6, 7)}",
            2 => $"r {op} {(random.Next(-10, 10) / 4.0).ToString("0.0##", CultureInfo.InvariantCulture)}",
            3 => $"r {op} 0.0",
            4 => $"s {op} '{Texts[random.Next(Texts.Length)]}'",
            5 => random.Next(0, 3) == 0 ? $"s IN ('{Texts[random.Next(Texts.Length)]}', '{Texts[random.Next(Texts.Length)]}')" : $"a IN ({random.Next(-5, 6)}, {random.Next(-5, 6)})",
            6 => LikeConjuncts[random.Next(LikeConjuncts.Length)],
            7 => "a >= -1000",
            _ => random.Next(0, 2) == 0 ? "a > 1000" : $"{random.Next(-6, 7)} {op} a",
        };
    }

    /// <summary>Ascending segment boundaries between 0 and <paramref name="rows"/>: one segment, or a few of random sizes.</summary>
    private static List<int> Cuts(Random random, int rows)
    {
        var cuts = new List<int> { 0 };
        while (random.Next(0, 2) == 0 && cuts[^1] < rows)
        {
            cuts.Add(Math.Min(rows, cuts[^1] + random.Next(1, 6000)));
        }

        cuts.Add(rows);
        return [.. cuts.Distinct()];
    }
}
