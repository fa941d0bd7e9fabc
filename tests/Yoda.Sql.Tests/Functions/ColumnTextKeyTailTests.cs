using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql.Tests.Differential;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Text group keys over a written table: sealed segments and the append tail (both numbered in the
/// column's one dictionary once read again), rows deleted, and later snapshots that seal the tail,
/// append new texts and delete more, read after the earlier snapshots' arrays were numbered; the
/// answers are SQLite's at 1, 2 and 8 threads on every read.
/// </summary>
public sealed class ColumnTextKeyTailTests
{
    private static readonly Schema Schema = new(
        [new Field("id", Int64Type.Default, false), new Field("k", StringType.Default, true), new Field("v", Int64Type.Default, true)],
        null);

    private static readonly string?[] Texts = [null, "", "a", "A", "ñandú", "a text longer than seven bytes", "id001"];

    [Fact]
    public void Text_keys_of_sealed_segments_and_the_tail_match_sqlite_after_every_write()
    {
        var random = new Random(5);
        var table = new ColumnarTable("t", Schema, segmentCapacity: 1_500);
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        Run(sqlite, "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER)", []);
        var count = 0L;
        for (var write = 0; write < 4; write++)
        {
            using (var writer = table.BeginWrite())
            {
                for (var i = 0; i < 2_200; i++, count++)
                {
                    // Texts met from this write on ("w2 ...") beside the ones of every write.
                    var k = random.Next(4) == 0 ? Texts[random.Next(Texts.Length)] : random.Next(3) == 0 ? $"w{write} text {random.Next(40)}" : $"id{random.Next(300):D10}";
                    long? v = random.Next(8) == 0 ? null : random.Next(-50, 50);
                    writer.Append([count, k, v]);
                    Run(sqlite, "INSERT INTO t VALUES ($id, $k, $v)", [count, k, v]);
                }

                for (var d = 0; d < 200; d++)
                {
                    var position = random.NextInt64(count);
                    if (Convert.ToInt64(Query(sqlite, $"SELECT count(*) FROM t WHERE id = {position}")[0][0]) == 1)
                    {
                        writer.Delete(position);
                        Run(sqlite, $"DELETE FROM t WHERE id = {position}", []);
                    }
                }

                writer.Commit();
            }

            var catalog = new CatalogSnapshot([table.Current]);
            for (var read = 0; read < 2; read++)
            {
                foreach (var parallelism in new[] { 1, 2, 8 })
                {
                    var options = new ExecutionOptions { Parallelism = parallelism };
                    foreach (var sql in new[]
                    {
                        "SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k",
                        "SELECT k, v % 2 AS p, count(*) FROM t WHERE id % 5 <> 2 GROUP BY k, p ORDER BY k, p",
                    })
                    {
                        var expected = Query(sqlite, sql).Select(ResultRows.Render).ToList();
                        var actual = ResultRows.FromArrow(SqlEngine.Execute(sql, [], catalog, options, default)).Select(ResultRows.Render).ToList();
                        Assert.True(expected.SequenceEqual(actual), $"write {write}, read {read}, {parallelism} threads: {sql}");
                    }
                }
            }
        }

        // Sealed segments and the tail both.
        Assert.True(table.Current.Segments.Length > 4 && table.Current.Segments[^1].RowCount < 1_500);
    }

    private static List<object?[]> Query(SqliteConnection sqlite, string sql) => ResultRows.FromSqlite(sqlite, sql, []).Rows;

    private static void Run(SqliteConnection sqlite, string sql, object?[] values)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        string[] names = ["$id", "$k", "$v"];
        for (var p = 0; p < values.Length; p++)
        {
            command.Parameters.AddWithValue(names[p], values[p] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
