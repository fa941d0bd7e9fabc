using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Property: DISTINCT over a text column with few distinct texts (the stored arrays get segment codes, so one group's
/// new texts are found at their codes' first rows without a look at the other rows) gives SQLite's answers at 1, 2 and
/// 8 threads: mostly empty strings (ClickBench's SearchPhrase), NULLs, multi-byte UTF-8, texts that differ only in
/// case or trailing spaces (NOCASE, RTRIM compare by keys), segments of one row to several chunks, some rows deleted,
/// filters that leave rows out of a chunk or whole chunks; group_concat(DISTINCT …) shows the texts in the order first
/// met, so a kept row out of order or one too many fails it; a grouped query turns the one group into pairs part way.
/// </summary>
public sealed class DistinctTextProperties
{
    private static readonly string[] Texts = ["phone", "car news", "Ünïcode ✓", "日本語", "Car News", "phone ", "x", "€", "a\u0301", "weather 17"];

    [Property(MaxTest = 25)]
    public void Distinct_texts_match_sqlite_at_every_degree(int seed)
    {
        var random = new Random(seed);
        var rows = random.Next(0, 6) == 0 ? random.Next(0, 40) : random.Next(2000, 12000);
        var distinct = random.Next(0, 3) switch { 0 => 3, 1 => Texts.Length, _ => 300 };
        var script = new StringBuilder("CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, s TEXT);");
        for (var i = 0; i < rows; i++)
        {
            script.Append(i % 500 == 0 ? "INSERT INTO t VALUES " : ",");
            var s = random.Next(0, 12) switch
            {
                0 => "NULL",
                < 9 => "''",
                _ => "'" + Text(random.Next(0, distinct)) + "'",
            };
            script.Append(CultureInfo.InvariantCulture, $"({i}, {random.Next(0, 4)}, {s})");
            if (i % 500 == 499 || i == rows - 1)
            {
                script.Append(';');
            }
        }

        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 9) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 60), 1 => random.Next(200, 1500), _ => random.Next(4100, 9000) };
        using var oracle = ScriptOracle.WithDeletedIds(script.ToString(), segmentRows, deleted);
        string[] filters = ["", "", "WHERE k <> 2", $"WHERE id > {rows / 2}", $"WHERE id < {rows / 3} OR id > {rows * 2 / 3}", "WHERE id < 0"];
        for (var q = 0; q < 3; q++)
        {
            var filter = filters[random.Next(filters.Length)];
            string[] queries =
            [
                $"SELECT count(DISTINCT s) FROM t {filter}",
                $"SELECT group_concat(DISTINCT s), count(DISTINCT s), count(*) FROM t {filter}",
                $"SELECT count(DISTINCT s COLLATE NOCASE), count(DISTINCT s COLLATE RTRIM), group_concat(DISTINCT s COLLATE NOCASE) FROM t {filter}",
                $"SELECT sum(DISTINCT length(s)), count(DISTINCT s) FROM t {filter}",
                $"SELECT k, count(DISTINCT s), group_concat(DISTINCT s) FROM t {filter} GROUP BY k ORDER BY k",

                // One group in the first morsels, more later: the one group's texts turn into pairs part way.
                $"SELECT id * 2 / {rows + 1} AS half, count(DISTINCT s), group_concat(DISTINCT s) FROM t {filter} GROUP BY 1 ORDER BY 1",
            ];
            foreach (var sql in queries)
            {
                oracle.AssertSameAtEveryDegree(sql);
            }
        }
    }

    private static string Text(int n) => n < Texts.Length ? Texts[n] : $"{Texts[n % Texts.Length]} {n}";
}
