using Yoda.Sql.Tests.Mismatches;

namespace Yoda.Sql.Tests.Functions;

/// <summary>
/// Text group keys over a written table: sealed segments and the append tail (both numbered in the
/// column's one dictionary once read again), rows deleted, and later snapshots that seal the tail,
/// append new texts and delete more, read after the earlier snapshots' arrays were numbered; the
/// answers are SQLite's at 1, 2 and 8 threads on every read.
/// </summary>
public sealed class ColumnTextKeyTailTests
{
    private static readonly string?[] Texts = [null, "", "a", "A", "ñandú", "a text longer than seven bytes", "id001"];

    [Fact]
    public void Text_keys_of_sealed_segments_and_the_tail_match_sqlite_after_every_write()
    {
        var random = new Random(5);
        using var table = new WrittenTextTable(segmentCapacity: 1_500);
        for (var write = 0; write < 4; write++)
        {
            table.Write(() =>
            {
                for (var i = 0; i < 2_200; i++)
                {
                    // Texts met from this write on ("w2 ...") beside the ones of every write.
                    var k = random.Next(4) == 0 ? Texts[random.Next(Texts.Length)] : random.Next(3) == 0 ? $"w{write} text {random.Next(40)}" : $"id{random.Next(300):D10}";
                    long? v = random.Next(8) == 0 ? null : random.Next(-50, 50);
                    table.Append(k, v);
                }

                for (var d = 0; d < 200; d++)
                {
                    var position = random.NextInt64(table.Count);
                    if (table.IsLive(position))
                    {
                        table.Delete(position);
                    }
                }
            });

            for (var read = 0; read < 2; read++)
            {
                foreach (var sql in new[]
                {
                    "SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k",
                    "SELECT k, v % 2 AS p, count(*) FROM t WHERE id % 5 <> 2 GROUP BY k, p ORDER BY k, p",
                })
                {
                    table.AssertSameAtEveryDegree(sql, $"write {write}, read {read}");
                }
            }
        }

        // Sealed segments and the tail both.
        Assert.True(table.Table.Current.Segments.Length > 4 && table.Table.Current.Segments[^1].RowCount < 1_500);
    }
}
