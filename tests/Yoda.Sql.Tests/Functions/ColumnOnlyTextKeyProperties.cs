using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Differential;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: a text group key gives the long texts of dictionary-encoded ASCII segments their ids by their
/// column ids alone while it has looked up no long text by its bytes, and adds them to its table of texts
/// before the first such look-up. Segments of three kinds alternate, so that both orders occur: few ASCII
/// texts (coded, numbered in the column's dictionary), mostly distinct texts (more than a quarter of the
/// rows: never coded, looked up by their bytes) and non-ASCII texts (coded, looked up by their bytes). The
/// same long texts recur in every kind, beside NULL, the empty text and short texts, so a text given its id
/// by column id alone must be found again by its bytes. Answers are SQLite's at 1, 2 and 8 threads (merged
/// partials carry such ids too), on a first and a second read (the arrays coded from then on), with the
/// top-N by count of cb-top-urls, and without ORDER BY in the same row order at every degree.
/// </summary>
public sealed class ColumnOnlyTextKeyProperties
{
    private static readonly string[] Shared =
    [
        "NULL", "''", "'ab'", "'seven77'", "'http://shared.example/0'", "'http://shared.example/1'", "'http://shared.example/22'",
        "'HTTP://SHARED.EXAMPLE/1'", "'http://shared.example/1 '", "'a text past seven bytes'",
    ];

    [Property(MaxTest = 25)]
    public void Column_numbered_texts_and_texts_by_bytes_group_as_sqlite_does(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 5) == 0 ? random.Next(0, 50) : random.Next(2000, 7000);
        var segmentRows = random.Next(0, 2) == 0 ? random.Next(20, 400) : random.Next(1000, 4500);
        var firstKind = random.Next(0, 3);
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var k = random.Next(0, 3) == 0 ? Shared[random.Next(Shared.Length)] : (((i / segmentRows) + firstKind) % 3) switch
            {
                0 => $"'http://few.example/{random.Next(30)}'",
                1 => $"'http://many.example/{i}'",
                _ => $"'ñandú long text {random.Next(30)}'",
            };
            var v = random.Next(0, 10) == 0 ? "NULL" : random.Next(-1_000, 1_000).ToString(CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {k}, {v})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        var filter = random.Next(0, 3) switch { 0 => "", 1 => "WHERE id % 3 <> 1", _ => $"WHERE id > {rows / 2}" };
        for (var read = 0; read < 2; read++)
        {
            oracle.AssertSameAtEveryDegree($"SELECT k, count(*), sum(v), min(id) FROM t {filter} GROUP BY k ORDER BY k");
            oracle.AssertSameAtEveryDegree($"SELECT k, count(*) AS c FROM t {filter} GROUP BY k ORDER BY c DESC, k LIMIT 10");
            oracle.AssertSameAtEveryDegree($"SELECT min(k), max(k), count(*) FROM t {filter} GROUP BY k COLLATE NOCASE ORDER BY 1, 2");
            oracle.AssertSameAtEveryDegree($"SELECT k, v % 3 AS p, count(*) FROM t {filter} GROUP BY k, p ORDER BY k, p");
            oracle.AssertSameOrderAtEveryDegree($"SELECT k, count(*), max(v) FROM t {filter} GROUP BY k");
        }
    }
}
