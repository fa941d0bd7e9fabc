using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: grouping by six key columns (h2o-q10's shape: three TEXT keys, among them empty, multi-byte and
/// long texts, and three INTEGER keys, NULL in any of them) with about a group per row, so that the packed
/// keys' table grows through many doublings and is large enough to prefetch, gives SQLite's answers (a REAL
/// sum whose value depends on the order of its additions, counts) at 1, 2 and 8 threads, and without ORDER BY
/// the serial run's rows in its first-seen group order at 2, 3 and 8 threads; groups first seen in the last
/// rows, deleted rows and segments of every size included.
/// </summary>
public sealed class ManyKeyGroupProperties
{
    [Property(MaxTest = 8)]
    public void Six_keys_with_a_group_per_row_match_sqlite_and_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 4) == 0 ? random.Next(0, 40) : random.Next(20_000, 45_000);
        string?[] texts = [null, "", "id001", "id0000000001", "é", "ñandú ñandú", "日本語", "a'b", new string('x', 40)];
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k1 TEXT, k2 TEXT, k3 TEXT, k4 INTEGER, k5 INTEGER, k6 INTEGER, v REAL);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            // k3 and k6 are nearly unique (as h2o's id3 and id6 are over its 10,000 values at this size); the last
            // tenth of the rows brings texts and integers no earlier row has.
            var late = i > rows * 9 / 10;
            var k3 = random.Next(0, 20) == 0 ? null : late ? $"late{random.Next(0, 50)}é" : "id" + random.Next(0, rows).ToString("D10", CultureInfo.InvariantCulture);
            script.Append(CultureInfo.InvariantCulture, $"({i}, {Text(texts[random.Next(texts.Length)])}, {Text(texts[random.Next(texts.Length)])}, {Text(k3)}, ");
            script.Append(CultureInfo.InvariantCulture, $"{Integer(random, 30)}, {Integer(random, 100)}, {(late ? -random.Next(1, 1_000_000) : random.Next(0, rows))}, {Real(random)})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 7) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 9000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        const string sql = "SELECT k1, k2, k3, k4, k5, k6, sum(v), count(*) FROM t GROUP BY k1, k2, k3, k4, k5, k6";
        oracle.AssertSameAtEveryDegree(sql + " ORDER BY 1, 2, 3, 4, 5, 6");

        var serial = oracle.YodaRows(sql, new ExecutionOptions { Parallelism = 1 });
        foreach (var degree in new[] { 2, 3, 8 })
        {
            Assert.Equal(serial, oracle.YodaRows(sql, new ExecutionOptions { Parallelism = degree }));
        }
    }

    private static string Text(string? text) => text is null ? "NULL" : $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Integer(Random random, int distinct) =>
        random.Next(0, 15) == 0 ? "NULL" : (random.Next(0, distinct) - 3).ToString(CultureInfo.InvariantCulture);

    /// <summary>Mostly values whose compensated sums depend on the order of the additions.</summary>
    private static string Real(Random random) => random.Next(0, 8) switch
    {
        0 => "NULL",
        1 => "1e16",
        2 => "-1e16",
        3 => "3e-17",
        4 => "-0.0",
        _ => (random.Next(-400, 400) / 8.0 + (random.Next(0, 1000) * 1e-7)).ToString("R", CultureInfo.InvariantCulture),
    };
}
