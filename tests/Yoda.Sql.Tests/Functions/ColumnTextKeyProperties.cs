using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Differential;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: text group keys of a table cut into many segments (some rows deleted) give SQLite's
/// answers at 1, 2 and 8 threads, in the same row order at each, on every read: from the second
/// read the segments' arrays are dictionary-encoded and numbered in one dictionary of the column
/// (ColumnTextDictionary), so that a text met in an earlier segment takes its group without a
/// look-up. The same texts recur in every segment (equal bytes, other codes in each), new texts come
/// in late segments, with NULL, the empty text, short, long and non-ASCII texts and texts that only
/// NOCASE or RTRIM make equal.
/// </summary>
public sealed class ColumnTextKeyProperties
{
    private static readonly string[] Pool =
    [
        "NULL", "''", "'A'", "'a'", "'a '", "'A  '", "'id001'", "'ID001'", "'seven77'", "'eight888'", "'ñandú'", "'Ñandú'", "'é'",
        "'a long text past seven bytes'", "'A LONG TEXT PAST SEVEN BYTES '",
    ];

    [Property(MaxTest = 25)]
    public void Text_keys_over_many_segments_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 40) : random.Next(3000, 9000);
        var distinct = random.Next(0, 2) == 0 ? random.Next(1, 40) : random.Next(200, 1500);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var k = random.Next(0, 5) switch
            {
                0 => Pool[random.Next(Pool.Length)],

                // Texts first met in the last fifth of the table (late segments).
                1 when i > rows * 4 / 5 => $"'late text {random.Next(distinct):D6}'",
                _ => $"'id{random.Next(distinct):D10}'",
            };
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-1_000, 1_000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();

        // Segments past a chunk's 4,096 rows are coded on their first read, smaller ones on their second.
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 100), 1 => random.Next(300, 2000), _ => random.Next(4100, 6000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => $"WHERE id > {rows / 2}" };
        for (var read = 0; read < 2; read++)
        {
            oracle.AssertSameAtEveryDegree($"SELECT k, count(*), sum(v), min(id) FROM t {filter} GROUP BY k ORDER BY k");
            oracle.AssertSameAtEveryDegree($"SELECT k, v % 3 AS p, count(*) FROM t {filter} GROUP BY k, p ORDER BY k, p");
            oracle.AssertSameAtEveryDegree($"SELECT min(k), max(k), count(*) FROM t {filter} GROUP BY k COLLATE NOCASE ORDER BY 1, 2");
            oracle.AssertSameAtEveryDegree($"SELECT min(k), max(k), count(*) FROM t {filter} GROUP BY k COLLATE RTRIM ORDER BY 1, 2");
            oracle.AssertSameOrderAtEveryDegree($"SELECT k, count(*), max(v) FROM t {filter} GROUP BY k");
        }
    }
}
