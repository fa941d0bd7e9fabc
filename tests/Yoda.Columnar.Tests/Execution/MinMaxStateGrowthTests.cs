using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// MIN/MAX of INTEGERs and REALs over chunks whose groups outgrow the state's arrays (first 16 slots, then doubling, or
/// straight to a chunk's group count) keep every group's best across the growth, beside groups still unseen, NULL
/// values and partial states merged in; the answer is a naive fold's (ties keep the first value: -0.0 before 0.0).
/// </summary>
public sealed class MinMaxStateGrowthTests
{
    [Property(MaxTest = 200)]
    public void Bests_survive_the_growth_of_the_state(int seed, bool isMax, bool reals)
    {
        var random = new Random(seed);
        var kind = reals ? ValueKind.Real : ValueKind.Integer;
        var state = new MinMaxState(kind, isMax);
        var maxGroups = random.Next(1, 300);
        var expected = new double?[maxGroups];
        var groupCount = 0;
        for (var chunk = 0; chunk < random.Next(1, 12); chunk++)
        {
            // Each chunk may add groups (up to a jump past twice the slots), some of which get only NULLs or no row.
            groupCount = Math.Min(maxGroups, groupCount + random.Next(0, 2 * groupCount + 40));
            if (groupCount == 0)
            {
                continue;
            }

            var length = random.Next(1, 200);
            var values = Enumerable.Range(0, length).Select(_ => Value(random, reals)).ToArray();
            var nulls = Enumerable.Range(0, length).Select(_ => random.Next(6) == 0).ToArray();
            var groups = Enumerable.Range(0, length).Select(_ => random.Next(groupCount)).ToArray();
            var vector = reals
                ? ColumnVector.OfDoubles(values, nulls)
                : ColumnVector.OfLongs(values.Select(v => (long)v).ToArray(), nulls);
            var rows = Enumerable.Range(0, length).ToArray();
            var target = random.Next(3) == 0 ? new MinMaxState(kind, isMax) : state;
            target.Update(vector, null, rows, groups, groupCount);
            if (target != state)
            {
                var all = Enumerable.Range(0, groupCount).ToArray();
                state.Merge(target, all, all, groupCount);
            }

            for (var k = 0; k < length; k++)
            {
                var best = expected[groups[k]];
                if (!nulls[k] && (best is not { } b || (isMax ? values[k].CompareTo(b) > 0 : values[k].CompareTo(b) < 0)))
                {
                    expected[groups[k]] = values[k];
                }
            }
        }

        var result = state.Result(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            Assert.Equal(expected[g] is null, result.IsNull(g));
            if (expected[g] is { } value)
            {
                Assert.Equal(
                    reals ? BitConverter.DoubleToInt64Bits(value) : (long)value,
                    reals ? BitConverter.DoubleToInt64Bits(result.DoubleValues[g]) : result.LongValues[g]);
            }
        }
    }

    /// <summary>
    /// INTEGER bests start at the identity of their direction: a group whose values are only that identity (MAX of
    /// the smallest INTEGER, MIN of the largest) has it as its best, not NULL; a group never given a value stays NULL;
    /// partials merged in through a mapping of their groups onto the state's keep the same answers.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Integer_bests_hold_the_ends_of_the_range(int seed, bool isMax)
    {
        var random = new Random(seed);
        var state = new MinMaxState(ValueKind.Integer, isMax);
        var groupCount = random.Next(1, 100);
        var expected = new long?[groupCount];
        for (var chunk = 0; chunk < random.Next(1, 8); chunk++)
        {
            var length = random.Next(1, 120);
            var values = Enumerable.Range(0, length).Select(_ => random.Next(4) switch
            {
                0 => long.MinValue,
                1 => long.MaxValue,
                _ => random.NextInt64(-5, 5),
            }).ToArray();
            var nulls = Enumerable.Range(0, length).Select(_ => random.Next(5) == 0).ToArray();
            var groups = Enumerable.Range(0, length).Select(_ => random.Next(groupCount)).ToArray();
            var rows = Enumerable.Range(0, length).ToArray();

            // Half the chunks go through a partial whose group g is the state's group mapping[g].
            var mapping = Enumerable.Range(0, groupCount).OrderBy(_ => random.Next()).ToArray();
            if (random.Next(2) == 0)
            {
                state.Update(ColumnVector.OfLongs(values, nulls), null, rows, groups, groupCount);
            }
            else
            {
                var partial = new MinMaxState(ValueKind.Integer, isMax);
                var partialGroups = groups.Select(g => Array.IndexOf(mapping, g)).ToArray();
                partial.Update(ColumnVector.OfLongs(values, nulls), null, rows, partialGroups, groupCount);
                state.Merge(partial, Enumerable.Range(0, groupCount).ToArray(), mapping, groupCount);
            }

            for (var k = 0; k < length; k++)
            {
                if (!nulls[k] && (expected[groups[k]] is not { } best || (isMax ? values[k] > best : values[k] < best)))
                {
                    expected[groups[k]] = values[k];
                }
            }
        }

        var result = state.Result(groupCount);
        for (var g = 0; g < groupCount; g++)
        {
            Assert.Equal(expected[g] is null, result.IsNull(g));
            if (expected[g] is { } value)
            {
                Assert.Equal(value, result.LongValues[g]);
            }
        }
    }

    /// <summary>A small whole number (exact as a double and a long), a signed zero for REALs, or a wide REAL.</summary>
    private static double Value(Random random, bool reals) => random.Next(8) switch
    {
        0 when reals => random.Next(2) == 0 ? -0.0 : 0.0,
        1 when reals => (random.NextDouble() - 0.5) * 1e300,
        _ => random.Next(-1000, 1000),
    };
}
