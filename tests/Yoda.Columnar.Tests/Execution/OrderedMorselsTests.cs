using FsCheck.Xunit;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="OrderedMorsels.Run"/>'s hand-out at 1, 2, 3 and 8 workers: every morsel runs exactly once, results come
/// back in morsel order, and when the consumer leaves early every result computed but not taken is discarded exactly
/// once (also those that workers finish after it left), and no taken result is.
/// </summary>
public sealed class OrderedMorselsTests
{
    [Property(MaxTest = 60)]
    public void Every_morsel_runs_once_and_comes_back_in_order(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(0, 120);
        foreach (var degree in new[] { 1, 2, 3, 8 })
        {
            var runs = new int[count];
            var work = Uneven(random.Next(), runs);
            var results = OrderedMorsels.Run(count, degree, work, default, discard: _ => throw new InvalidOperationException("discarded")).ToList();

            Assert.Equal(Enumerable.Range(0, count), results);
            Assert.All(runs, r => Assert.Equal(1, r));
        }
    }

    [Property(MaxTest = 60)]
    public void A_consumer_that_leaves_early_has_each_untaken_result_discarded_once(int seed)
    {
        var random = new Random(seed);
        var count = random.Next(2, 120);
        var leaveAfter = random.Next(0, count);
        foreach (var degree in new[] { 2, 3, 8 })
        {
            var runs = new int[count];
            var discards = new int[count];
            var work = Uneven(random.Next(), runs);
            var taken = OrderedMorsels.Run(count, degree, work, default, discard: m => Interlocked.Increment(ref discards[m])).Take(leaveAfter).ToList();

            Assert.Equal(Enumerable.Range(0, leaveAfter), taken);
            // Workers still running when the consumer left discard what they finish; wait for them (not a timing assertion).
            var settled = SpinWait.SpinUntil(
                () => Enumerable.Range(0, count).All(m => Volatile.Read(ref runs[m]) == (m < leaveAfter ? 1 : Volatile.Read(ref discards[m]))),
                TimeSpan.FromSeconds(60));
            Assert.True(settled, "a result was neither taken nor discarded");
            Assert.All(runs, r => Assert.True(r <= 1, "a morsel ran twice"));
            Assert.All(discards.Take(leaveAfter), d => Assert.Equal(0, d));
            Assert.All(discards, d => Assert.True(d <= 1, "a result was discarded twice"));
        }
    }

    /// <summary>Work that records each run of a morsel and takes a varying time, so the workers interleave differently.</summary>
    private static Func<int, CancellationToken, int> Uneven(int seed, int[] runs)
    {
        var spins = new Random(seed).GetItems(new[] { 0, 10, 200, 5_000, 50_000 }, runs.Length);
        return (m, _) =>
        {
            Interlocked.Increment(ref runs[m]);
            Thread.SpinWait(spins[m]);
            return m;
        };
    }
}
