using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Differential;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: GROUP BY text keys (NULL, empty, short ASCII, long, non-ASCII texts; alone and with an
/// INTEGER key; dense and filtered) give SQLite's answers on every read of the same stored table:
/// from the second chunk a key reads, the stored array is dictionary-encoded (StoredTextCodes) and
/// the groups come through the codes, and so do the texts of DISTINCT aggregates.
/// </summary>
public sealed class TextKeyProperties
{
    private static readonly string[] Pool = ["NULL", "''", "'A'", "'N'", "'id001'", "'seven77'", "'eight888'", "'ñandú'", "'é'", "'a long text past seven bytes'"];

    [Property(MaxTest = 25)]
    public void Text_keys_match_sqlite_on_every_read(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 3) == 0 ? random.Next(0, 40) : random.Next(4_500, 13_000);
        var distinct = random.Next(0, 2) == 0 ? random.Next(1, 30) : random.Next(500, 3_000);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, g INTEGER, v INTEGER, r REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var k = random.Next(0, 5) == 0 ? Pool[random.Next(Pool.Length)] : $"'id{random.Next(distinct):D10}'";
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-1_000, 1_000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {random.Next(0, 4)}, {v}, {random.Next(0, 100)}.5)");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString());
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => "WHERE v > 0" };
        for (var read = 0; read < 2; read++)
        {
            oracle.AssertSame($"SELECT k, count(*), sum(v), min(v), max(v), avg(r) FROM t {filter} GROUP BY k ORDER BY k");
            oracle.AssertSame($"SELECT k, g, count(v), total(r) FROM t {filter} GROUP BY k, g ORDER BY k, g");
            oracle.AssertSame($"SELECT count(DISTINCT k), count(*) FROM (SELECT k FROM t {filter} GROUP BY k)");
            oracle.AssertSame($"SELECT count(DISTINCT k), group_concat(DISTINCT k) FROM t {filter}");
            oracle.AssertSame($"SELECT g, count(DISTINCT k) FROM t {filter} GROUP BY g ORDER BY g");
        }
    }

    /// <summary>
    /// ASCII-only texts (the coded arrays whose new codes each chunk looks up together, NULL rows
    /// among them): the groups come in order of first appearance, as SQLite's ORDER BY min(id) puts
    /// them, with new texts in every chunk (the number of distinct texts grows along the table).
    /// </summary>
    [Property(MaxTest = 25)]
    public void Ascii_text_keys_come_in_first_seen_order(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(4_500, 13_000);
        var pool = Pool.Where(text => text.All(char.IsAscii)).ToArray();
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var k = random.Next(0, 8) == 0 ? pool[random.Next(pool.Length)] : $"'key{random.Next(1 + (i / 8)):D10}'";
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {random.Next(-1_000, 1_000)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        using var oracle = new ScriptOracle(script.ToString());
        var filter = random.Next(0, 2) == 0 ? "" : "WHERE id % 3 <> 1";
        for (var read = 0; read < 2; read++)
        {
            var expected = oracle.Sqlite($"SELECT k, count(*), sum(v) FROM t {filter} GROUP BY k ORDER BY min(id)");
            var actual = oracle.Yoda($"SELECT k, count(*), sum(v) FROM t {filter} GROUP BY k");
            Assert.Equal(expected.Count, actual.Count);
            for (var r = 0; r < expected.Count; r++)
            {
                Assert.True(expected[r].Zip(actual[r]).All(p => ResultRows.Same(p.First, p.Second)), $"row {r}: SQLite [{ResultRows.Render(expected[r])}] vs Yoda [{ResultRows.Render(actual[r])}]");
            }
        }
    }
}
