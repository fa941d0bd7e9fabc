using Apache.Arrow;
using Yoda.Columnar.Execution.Scan;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="IntegerSetPredicate"/> asks for its members once, however many threads reach it together (the
/// others wait for the first), keeps exactly the members' rows, and, when asking fails, fails the thread that
/// asked and asks again for the next one.
/// </summary>
public sealed class IntegerSetPredicateTests
{
    private static readonly Int64Array Values = new Int64Array.Builder().AppendRange(Enumerable.Range(0, 1_000).Select(i => (long)i)).Build();

    [Fact]
    public async Task Threads_that_reach_it_together_ask_once_and_keep_the_members_rows()
    {
        var asked = 0;
        using var release = new ManualResetEventSlim();
        var predicate = new IntegerSetPredicate(0, () =>
        {
            Interlocked.Increment(ref asked);

            // The others reach the predicate while this one is still asking.
            release.Wait(TimeSpan.FromSeconds(2));
            return new HashSet<long> { 3, 500, 999, 5_000 };
        }, "v IN subquery");

        var threads = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Kept(predicate))).ToArray();
        await Task.Delay(100);
        release.Set();
        foreach (var kept in await Task.WhenAll(threads))
        {
            Assert.Equal([3, 500, 999], kept);
        }

        Assert.Equal(1, asked);
    }

    [Fact]
    public void A_failed_ask_fails_its_thread_and_the_next_asks_again()
    {
        var asked = 0;
        var predicate = new IntegerSetPredicate(0, () => ++asked == 1 ? throw new InvalidOperationException("subquery failed") : new HashSet<long> { 7 }, "v IN subquery");
        Assert.Throws<InvalidOperationException>(() => Kept(predicate));
        Assert.Equal([7], Kept(predicate));
        Assert.Equal([7], Kept(predicate));
        Assert.Equal(2, asked);
    }

    private static int[] Kept(IntegerSetPredicate predicate)
    {
        var rows = Enumerable.Range(0, Values.Length).ToArray();
        return rows[..predicate.Filter(Values, 0, rows, rows.Length, dense: true)];
    }
}
