using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class LiteralProbesTests
{
    /// <summary>
    /// Rows of every length around the vector width hold 'google' (folded) at their very start, their
    /// very end, nowhere, or only together with the next row; the word of rows is found exactly, by the
    /// bitmap and by the cursor search alike.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(255)]
    [InlineData(4096 + 7)]
    public void Finds_the_rows_at_the_start_the_end_and_not_across_rows(int length)
    {
        var rows = Enumerable.Range(0, 64).Select(r => Row(length, r)).ToArray();
        var (offsets, bytes) = Layout(rows);
        var literal = new FoldedLiteral("google");
        var expected = Expected(rows, "google");

        Assert.Equal(expected, literal.RowsContaining(offsets, bytes));
        Assert.Equal(expected, literal.RowsContainingByCursor(offsets, bytes));
    }

    /// <summary>A literal longer than the probes (its middle verified) at the row's start and end, and with one middle byte changed.</summary>
    [Theory]
    [InlineData(12)]
    [InlineData(33)]
    [InlineData(255)]
    public void Verifies_the_middle_of_a_long_literal(int length)
    {
        const string Needle = "abcdefghijklmnop";
        var rows = Enumerable.Range(0, 64).Select(r => (r % 4) switch
        {
            0 => Needle.ToUpperInvariant() + new string('x', length),
            1 => new string('x', length) + Needle,
            2 => new string('x', length) + Needle.Replace('h', 'H').Replace('i', '!'),
            _ => new string('y', length),
        }).ToArray();
        var (offsets, bytes) = Layout(rows);

        Assert.Equal(Expected(rows, Needle), new FoldedLiteral(Needle).RowsContaining(offsets, bytes));
    }

    /// <summary>Rows of more bytes than the positions' bitmap holds go through the cursor search, with the same answer.</summary>
    [Fact]
    public void Rows_longer_than_the_window_are_still_found()
    {
        var length = LiteralProbes.WindowPositions / 32;
        var rows = Enumerable.Range(0, 64).Select(r => Row(length, r)).ToArray();
        var (offsets, bytes) = Layout(rows);

        Assert.True(bytes.Length > LiteralProbes.WindowPositions);
        Assert.Equal(Expected(rows, "google"), new FoldedLiteral("google").RowsContaining(offsets, bytes));
    }

    /// <summary>
    /// Every other row and every third, searched one by one (the sparse search), keep the rows that
    /// hold 'google' (folded) at their start or end and not those that hold it only with the next
    /// row; negated, the others. The rows of 255 and more bytes span several 32-position blocks.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(26)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(255)]
    [InlineData(4096 + 7)]
    public void Keeps_the_selected_rows_that_hold_the_literal(int length)
    {
        var rows = Enumerable.Range(0, 64).Select(r => Row(length, r)).ToArray();
        var (offsets, bytes) = Layout(rows);
        var literal = new FoldedLiteral("google");
        var expected = Expected(rows, "google");
        foreach (var step in new[] { 2, 3 })
        {
            foreach (var negated in new[] { false, true })
            {
                var selected = Enumerable.Range(0, 64).Where(r => r % step == 1).ToArray();
                var wanted = selected.Where(r => (expected >> r & 1) != 0 != negated).ToArray();
                var kept = literal.KeepRowsContaining(offsets, bytes, selected, selected.Length, negated);

                Assert.Equal(wanted, selected[..kept]);
            }
        }
    }

    /// <summary>
    /// A literal of each length from 1 to 10 bytes (the searches run 2, 4, 6 or 8 probes by length):
    /// rows that hold it (folded) at their start, middle or end, and rows that hold it with exactly one
    /// byte changed at each of its positions, so a byte that no probe (or verification) compares would
    /// let a wrong row match; found by the word's bitmap and kept by the sparse search alike.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Every_byte_of_a_literal_is_compared(int length)
    {
        var needle = "kQmXwZpRtV"[..length];
        var rows = Enumerable.Range(0, 64).Select(r =>
        {
            var filler = new string('a', r % 37);
            var changed = needle.Remove(r % length, 1).Insert(r % length, "!");
            return (r % 4) switch
            {
                0 => needle.ToLowerInvariant() + filler,
                1 => filler + changed + filler,
                2 => filler + needle.ToUpperInvariant(),
                _ => changed,
            };
        }).ToArray();
        var (offsets, bytes) = Layout(rows);
        var literal = new FoldedLiteral(needle);
        var expected = Expected(rows, needle);
        var all = Enumerable.Range(0, 64).ToArray();
        var wanted = all.Where(r => (expected >> r & 1) != 0).ToArray();

        Assert.Equal(expected, literal.RowsContaining(offsets, bytes));
        var kept = literal.KeepRowsContaining(offsets, bytes, all, all.Length, negated: false);
        Assert.Equal(wanted, all[..kept]);
    }

    /// <summary>A buffer shorter than a vector load: the scalar search.</summary>
    [Fact]
    public void A_buffer_shorter_than_a_vector_is_searched()
    {
        string[] rows = ["goo", "gle", "GOOGLE", "", "xgooglex"];
        var (offsets, bytes) = Layout(rows);

        Assert.Equal(0b10100UL, new FoldedLiteral("google").RowsContaining(offsets, bytes));
    }

    /// <summary>Row r of about <paramref name="length"/> bytes: the literal first, last, nowhere, or split with the next row.</summary>
    private static string Row(int length, int r)
    {
        var filler = new string((char)('a' + r % 3), Math.Max(0, length - 6));
        return (r % 5) switch
        {
            0 when length >= 6 => "GooGle" + filler,
            1 when length >= 6 => filler + "googlE",
            2 => filler + "goo",
            3 => "gle" + filler,
            _ => (filler + "gooogle").Substring(0, Math.Min(length, filler.Length + 7)),
        };
    }

    private static ulong Expected(string[] rows, string literal)
    {
        var expected = 0UL;
        for (var r = 0; r < rows.Length; r++)
        {
            expected |= LikeMatcher.Matches("%" + literal + "%", rows[r], null) ? 1UL << r : 0;
        }

        return expected;
    }

    private static (int[] Offsets, byte[] Bytes) Layout(string[] rows)
    {
        var bytes = new List<byte>();
        var offsets = new List<int> { 0 };
        foreach (var row in rows)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(row));
            offsets.Add(bytes.Count);
        }

        return (offsets.ToArray(), bytes.ToArray());
    }
}
