using System.Runtime.ExceptionServices;

namespace Yoda.Columnar.Execution.Parallel;

/// <summary>
/// One parallel run of <see cref="OrderedMorsels"/>. Workers take morsels in ascending order from a
/// shared counter, at most a window of them ahead of the consumer (bounding the memory results
/// hold); the consumer runs morsels nobody has started while the one it needs is not ready.
/// Workers are thread-pool tasks that never block a thread: they wait for the window
/// asynchronously. Leaving early (an error, LIMIT, cancellation) cancels the workers, which stop
/// at their next chunk; results never taken go to the discard action (then, or when a worker finishes).
/// The hand-out takes no lock: a morsel's result is published by one atomic write of its state, and
/// the lock is taken only to sleep and wake the consumer when it has nothing left to run (a lock per
/// morsel had workers spinning on it while its holder was descheduled).
/// </summary>
internal sealed class MorselRun<T> : IDisposable
{
    // A morsel's states after 0 (not finished): its result, error and runner are written.
    private const int Done = 1;

    // Taken by the consumer or discarded.
    private const int Claimed = 2;

    private readonly int _count;
    private readonly Func<int, CancellationToken, T> _work;
    private readonly Action<T>? _discard;
    private readonly CancellationToken _ct;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _token;
    private readonly SemaphoreSlim _window;
    private readonly int _lookahead;
    private readonly object _gate = new();
    private readonly T?[] _results;
    private readonly ExceptionDispatchInfo?[] _errors;
    private readonly bool[] _byWorker;

    // Each morsel's state: 0, Done, Claimed. The CAS from Done to Claimed decides who discards a
    // result that finishes as the consumer leaves.
    private readonly int[] _states;
    private int _next;

    // The morsels before this one were taken by the consumer (only the consumer's thread uses it).
    private int _taken;

    // 1 once the consumer has left; 1 while the consumer may be asleep on _gate.
    private int _left;
    private int _sleeping;
    private int _failedAt = int.MaxValue;
    private int _users;

    public MorselRun(int count, int threads, Func<int, CancellationToken, T> work, CancellationToken ct, Action<T>? discard = null)
    {
        _count = count;
        _work = work;
        _discard = discard;
        _ct = ct;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _token = _stop.Token;
        _lookahead = 2 * threads;
        _window = new SemaphoreSlim(_lookahead);
        _results = new T?[count];
        _errors = new ExceptionDispatchInfo?[count];
        _states = new int[count];
        _byWorker = new bool[count];
        _users = threads;
        for (var w = 1; w < threads; w++)
        {
            _ = Task.Run(WorkAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// The result of morsel <paramref name="i"/>; called for i = 0, 1, … in order by one thread.
    /// While it is not ready the caller runs the next morsels nobody has started (up to the window
    /// ahead), so it waits only when the rest is already running: a worker the operating system
    /// has descheduled delays one morsel, not the whole query.
    /// </summary>
    public T Take(int i)
    {
        _ct.ThrowIfCancellationRequested();
        while (Volatile.Read(ref _states[i]) != Done)
        {
            var next = Volatile.Read(ref _next);
            if (next < _count && next < i + _lookahead)
            {
                if (Interlocked.CompareExchange(ref _next, next + 1, next) == next)
                {
                    Execute(next, byWorker: false);
                }

                continue;
            }

            SleepUnlessDone(i);
        }

        var (result, error) = (_results[i], _errors[i]);
        _results[i] = default;
        _states[i] = Claimed;
        _taken = i + 1;
        if (_byWorker[i])
        {
            _window.Release();
        }

        error?.Throw();
        return result!;
    }

    public void Dispose()
    {
        _stop.Cancel();
        Interlocked.Exchange(ref _left, 1);
        for (var i = _taken; i < _count; i++)
        {
            DiscardIfDone(i);
        }

        Leave();
    }

    private async Task WorkAsync()
    {
        try
        {
            while (!_token.IsCancellationRequested)
            {
                await _window.WaitAsync(_token).ConfigureAwait(false);
                var i = Interlocked.Increment(ref _next) - 1;
                if (i >= _count || i > Volatile.Read(ref _failedAt))
                {
                    return;
                }

                Execute(i, byWorker: true);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the consumer or by the query's token; the consumer reports the cancellation.
        }
        finally
        {
            Leave();
        }
    }

    private void Execute(int i, bool byWorker)
    {
        T? result = default;
        ExceptionDispatchInfo? error = null;
        try
        {
            result = _work(i, _token);
        }
        catch (Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
            LowerTo(ref _failedAt, i);
        }

        (_results[i], _errors[i], _byWorker[i]) = (result, error, byWorker);

        // Publishing the state and then reading _sleeping (and _left) pairs with the consumer's write of
        // _sleeping before it reads the state (and Dispose's write of _left before it reads the states):
        // both are full fences, so at least one side sees the other's write.
        Interlocked.Exchange(ref _states[i], Done);
        if (Volatile.Read(ref _sleeping) == 1)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        if (Volatile.Read(ref _left) == 1)
        {
            DiscardIfDone(i);
        }
    }

    /// <summary>Sleeps until a morsel finishes, unless morsel <paramref name="i"/> is done already.</summary>
    private void SleepUnlessDone(int i)
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _sleeping, 1);
            if (Volatile.Read(ref _states[i]) != Done)
            {
                Monitor.Wait(_gate);
            }

            _sleeping = 0;
        }
    }

    /// <summary>Gives a finished result nobody will take to the discard action, once (the consumer has left).</summary>
    private void DiscardIfDone(int i)
    {
        if (Interlocked.CompareExchange(ref _states[i], Claimed, Done) != Done)
        {
            return;
        }

        var result = _results[i];
        _results[i] = default;
        if (_errors[i] is null)
        {
            _discard?.Invoke(result!);
        }
    }

    private static void LowerTo(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The last of the consumer and the workers to leave frees the shared token source and window.</summary>
    private void Leave()
    {
        if (Interlocked.Decrement(ref _users) == 0)
        {
            _stop.Dispose();
            _window.Dispose();
        }
    }
}
