namespace Yoda.Columnar.Execution.Parallel;

/// <summary>
/// Morsel-driven parallelism with answers independent of the thread count: a function runs on
/// every morsel (a segment of a table) on up to <c>degree</c> threads and the results come back in
/// morsel order, so whatever folds them sees the same sequence as a serial run.
/// </summary>
public static class OrderedMorsels
{
    /// <summary>
    /// <paramref name="work"/>(0), …, <paramref name="work"/>(<paramref name="count"/> - 1), in order.
    /// The calling thread runs morsels too, so progress never waits for a busy thread pool. The first
    /// failure in morsel order is rethrown when its turn comes, as a serial run would throw it.
    /// Results computed but never taken, because the caller left early (an error, LIMIT,
    /// cancellation), go to <paramref name="discard"/>, also those that workers finish after the caller
    /// left: what they counted against the query's memory is given back (a serial rerun that follows
    /// must not find it still counted).
    /// </summary>
    public static IEnumerable<T> Run<T>(int count, int degree, Func<int, CancellationToken, T> work, CancellationToken ct, Action<T>? discard = null)
    {
        if (degree <= 1 || count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                ct.ThrowIfCancellationRequested();
                yield return work(i, ct);
            }

            yield break;
        }

        using var run = new MorselRun<T>(count, Math.Min(degree, count), work, ct, discard);
        for (var i = 0; i < count; i++)
        {
            yield return run.Take(i);
        }
    }
}
