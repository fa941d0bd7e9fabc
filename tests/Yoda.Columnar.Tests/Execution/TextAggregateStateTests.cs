using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>MIN/MAX and COUNT(DISTINCT) of texts in storage form (UTF-8 bytes) agree with the same aggregates over the decoded strings.</summary>
public class TextAggregateStateTests
{
    // UTF-8 byte order differs from UTF-16 order above the surrogates (U+FFFD against U+1F600), and
    // the invalid byte 0xFF orders as the U+FFFD it decodes to, below U+FFFE, not above it.
    private static readonly byte[][] Values =
    [
        "b"u8.ToArray(), "a"u8.ToArray(), "\uFFFD"u8.ToArray(), "😀"u8.ToArray(), [0xFF], "\uFFFE"u8.ToArray(),
        "ab"u8.ToArray(), [0x61, 0xFF], "é"u8.ToArray(), [], "a"u8.ToArray(), "zz"u8.ToArray(),
    ];

    /// <summary>
    /// Also over sparse folds (a few rows of a chunk, whose bytes are checked row by row rather than
    /// the vector's) and partial states merged in (whose best bytes the merged state compares later
    /// rows against), with invalid bytes among the values.
    /// </summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void Min_and_max_of_stored_texts_are_those_of_the_decoded_strings_in_binary_order(bool isMax, int groupCount)
    {
        var random = new Random(groupCount + (isMax ? 10 : 0));
        var state = new MinMaxState(ValueKind.Text, isMax);
        var expected = new string?[groupCount];
        var allGroups = Enumerable.Range(0, groupCount).ToArray();
        for (var chunk = 0; chunk < 40; chunk++)
        {
            var picks = Enumerable.Range(0, 16).Select(_ => Values[random.Next(Values.Length)]).ToArray();
            var groups = picks.Select(_ => random.Next(groupCount)).ToArray();
            var nulls = picks.Select(_ => random.Next(5) == 0).ToArray();

            // Every third chunk arrives as strings, as computed texts do.
            var vector = chunk % 3 == 2
                ? ColumnVector.OfTexts(picks.Select(Decode).ToArray(), nulls)
                : Stored(picks, nulls);
            var rows = Enumerable.Range(0, picks.Length).Where(k => chunk % 4 != 1 || k % 7 == random.Next(7)).ToArray();
            var target = chunk % 5 == 4 ? new MinMaxState(ValueKind.Text, isMax) : state;
            target.Update(vector, null, rows, rows.Select(k => groups[k]).ToArray(), groupCount);
            if (target != state)
            {
                state.Merge(target, allGroups, allGroups, groupCount);
            }

            foreach (var k in rows)
            {
                var text = Decode(picks[k]);
                if (!nulls[k] && (expected[groups[k]] is not { } best || (isMax ? TextKernels.CompareBinary(text, best) > 0 : TextKernels.CompareBinary(text, best) < 0)))
                {
                    expected[groups[k]] = text;
                }
            }
        }

        var result = state.Result(groupCount);
        Assert.Equal(expected, Enumerable.Range(0, groupCount).Select(g => result.IsNull(g) ? null : result.Texts[g]));
    }

    [Fact]
    public void Max_takes_the_valid_text_above_an_invalid_byte_that_decodes_below_it()
    {
        var state = new MinMaxState(ValueKind.Text, isMax: true);
        state.Update(Stored([[0xFF], "\uFFFE"u8.ToArray(), [0xFF]], [false, false, false]), null, [0, 1, 2], [0, 0, 0], 1);
        Assert.Equal("\uFFFE", state.Result(1).Texts[0]);
    }

    [Fact]
    public void Count_distinct_of_texts_counts_each_text_once_per_group_when_groups_appear_after_the_first_chunk()
    {
        var state = new DistinctState(new CountState(), specialised: true);
        var texts = Stored(["x"u8.ToArray(), "y"u8.ToArray(), "x"u8.ToArray(), [0x61, 0xFF], [0x61, 0xFE]], [false, false, false, false, false]);
        state.Update(texts, null, [0, 1, 2, 3, 4], [0, 0, 0, 0, 0], 1);
        state.Update(texts, null, [0, 1, 2, 3], [0, 1, 1, 1], 2);
        state.Update(ColumnVector.OfTexts(["y", "z", "x"], null), null, [0, 1, 2], [0, 1, 1], 2);

        // Group 0: x, y, a\uFFFD (both invalid sequences decode to it) then y again; group 1: y, x, a\uFFFD, z.
        Assert.Equal([3L, 4L], state.Result(2).Longs);
    }

    private static string Decode(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    private static ColumnVector Stored(byte[][] values, bool[] nulls)
    {
        var builder = new StringArray.Builder();
        for (var k = 0; k < values.Length; k++)
        {
            if (nulls[k])
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(values[k].AsSpan());
            }
        }

        return ColumnVector.OfUtf8(builder.Build(), 0, values.Length, Enumerable.Range(0, values.Length).ToArray(), nulls.Any(n => n) ? nulls : null, new TextDecoder());
    }
}
