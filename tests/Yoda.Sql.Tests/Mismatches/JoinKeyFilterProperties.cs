using System.Globalization;
using System.Text;
using FsCheck.Xunit;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Property: a hash join that builds on a small table and hands its keys to the large table's scan (the runtime
/// key filter, tested on whole 64-row mask words at a time) gives SQLite's answer at 1, 2 and 8 threads: build
/// keys with gaps, duplicated, NULL, packed (a bitmap) or spread over 10^12 (the range alone); probe keys in sorted
/// runs as TPC-H's lineitem holds them, NULL, just outside the build keys' range and at the 64-bit extremes;
/// rows of either table deleted (deletion vectors / SQLite DELETE); segments of 64 to 700 rows; the filter alone
/// on full mask words, and after a range on the probe table that leaves words sparse.
/// </summary>
public sealed class JoinKeyFilterProperties
{
    [Property(MaxTest = 20)]
    public void A_join_whose_probe_scan_tests_the_build_keys_gives_sqlites_answer(int seed)
    {
        var random = new Random(seed);
        var step = random.Next(0, 3) == 0 ? 3_000_000_000L : random.Next(1, 4);
        long Key(int i) => 1_000 + (i * step);
        var buildRows = random.Next(1, 40);
        var probeRows = random.Next(600, 3000);
        var script = new StringBuilder("CREATE TABLE b(pos INTEGER, k INTEGER, name TEXT);CREATE TABLE p(pos INTEGER, k INTEGER, v INTEGER, price REAL);");
        for (var i = 0; i < buildRows; i++)
        {
            var k = random.Next(0, 12) == 0 ? "NULL" : Key(random.Next(0, 60)).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO b VALUES ({i}, {k}, 'n{random.Next(0, 8)}');");
        }

        var (run, probeKey) = (0, 0);
        for (var i = 0; i < probeRows; i++)
        {
            // Sorted runs of one key, as lineitem holds its order keys; now and then a key outside the build keys' range.
            if (run-- <= 0)
            {
                (run, probeKey) = (random.Next(1, 8), probeKey + random.Next(0, 3));
            }

            var k = random.Next(0, 40) switch
            {
                0 => "NULL",
                1 => long.MinValue.ToString(CultureInfo.InvariantCulture),
                2 => long.MaxValue.ToString(CultureInfo.InvariantCulture),
                3 => (Key(-1) - random.Next(0, 3)).ToString(CultureInfo.InvariantCulture),
                _ => Key(probeKey % 64).ToString(CultureInfo.InvariantCulture),
            };
            var price = (random.Next(0, 100000) / 100.0).ToString("R", CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"INSERT INTO p VALUES ({i}, {k}, {random.Next(0, 100)}, {price});");
        }

        HashSet<int> Deleted(int rows) => random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 5) == 0).ToHashSet();
        var (deletedB, deletedP) = (Deleted(buildRows), Deleted(probeRows));
        var segmentRows = random.Next(64, 700);
        var deletes = string.Concat(
            deletedB.Count == 0 ? "" : $"DELETE FROM b WHERE pos IN ({string.Join(", ", deletedB)});",
            deletedP.Count == 0 ? "" : $"DELETE FROM p WHERE pos IN ({string.Join(", ", deletedP)});");
        using var oracle = new ScriptOracle(
            script.ToString(),
            table => TableLayouts.Every(table, segmentRows, table.Name == "b" ? deletedB : table.Name == "p" ? deletedP : null),
            deletes.Length == 0 ? null : deletes);

        var joined = "SELECT b.pos, p.pos, p.k, p.price FROM b, p WHERE b.k = p.k ORDER BY p.pos, b.pos";
        Assert.Contains("p.k IN (keys of the join)", oracle.Explain(joined), StringComparison.Ordinal);
        string[] queries =
        [
            joined,
            "SELECT count(*), sum(p.v), min(p.k), max(p.k) FROM b, p WHERE b.k = p.k",
            "SELECT b.pos, p.pos FROM b JOIN p ON p.k = b.k WHERE p.v < 30 ORDER BY 2, 1",
            "SELECT name, count(*), sum(price) FROM b, p WHERE p.k = b.k AND p.v BETWEEN 10 AND 20 GROUP BY name ORDER BY name",
            "SELECT p.k, count(*) FROM b, p WHERE b.k = p.k GROUP BY p.k ORDER BY 2 DESC, 1 LIMIT 5",
        ];
        foreach (var sql in queries)
        {
            oracle.AssertSameAtEveryDegree(sql);
        }
    }
}
