using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Parallel;

namespace Yoda.Columnar.Execution.Operators;

public sealed partial class HashAggregateOperator
{
    /// <summary>
    /// The shares of <see cref="SharedFold"/>: each folds its groups' rows of the morsels handed over,
    /// in the order they were handed over, on whichever thread drains its queue (one at a time: a
    /// thread-pool work item, or the consumer when it has to wait). At most a window of morsels is
    /// held (their vectors are counted against the query's memory until every share is done with them).
    /// The consumer never waits for a share nobody is running: it drains idle shares itself, so no
    /// answer waits on the thread pool.
    /// </summary>
    private sealed class GroupShares
    {
        private readonly HashAggregateOperator _owner;
        private readonly Share[] _shares;
        private readonly int _window;
        private readonly CancellationToken _ct;
        private readonly object _gate = new();
        private readonly int _mask;
        private readonly int _shift;
        private int _outstanding;
        private volatile bool _stopped;
        private ExceptionDispatchInfo? _error;

        public GroupShares(HashAggregateOperator owner, int count, int window, QueryBuffers? buffers, CancellationToken ct)
        {
            (_owner, _window, _ct) = (owner, window, ct);
            (_mask, _shift) = (count - 1, System.Numerics.BitOperations.Log2((uint)count));
            _shares = [.. Enumerable.Range(0, count).Select(t => new Share(this, t, buffers))];
        }

        /// <summary>The first error a share met; read after <see cref="Finish"/>.</summary>
        public ExceptionDispatchInfo? Error => _error;

        /// <summary>Hands a morsel to every share, once fewer than the window are held.</summary>
        public void Add(SharedMorsel morsel)
        {
            WaitBelow(_window);
            morsel.Start(_shares.Length);
            lock (_gate)
            {
                _outstanding++;
            }

            foreach (var share in _shares)
            {
                share.Pending.Enqueue(morsel);
                if (!share.Busy)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static s => s.Drain(), share, preferLocal: false);
                }
            }
        }

        /// <summary>Waits until every morsel handed over is folded; with <paramref name="stop"/>, the shares skip what they have not started.</summary>
        public void Finish(bool stop)
        {
            if (stop)
            {
                _stopped = true;
            }

            WaitBelow(1);
        }

        /// <summary>The results of aggregate <paramref name="a"/> for the table's <paramref name="groupCount"/> groups, each taken from its share.</summary>
        public ColumnVector Result(int a, int groupCount)
        {
            var parts = _shares.Select(s => s.States[a].Result(GroupsOf(s.Index, groupCount))).ToArray();
            if (parts.Length == 1)
            {
                return parts[0];
            }

            var result = ColumnVector.Create(parts[0].Kind, groupCount, withNulls: parts.Any(p => p.Nulls is not null));
            for (var t = 0; t < parts.Length; t++)
            {
                var part = parts[t];
                if (part.Kind == ValueKind.Integer)
                {
                    Interleave(part.LongValues[..part.Length], result.Longs, t);
                }
                else
                {
                    Interleave(part.DoubleValues[..part.Length], result.Doubles, t);
                }

                if (part.Nulls is { } nulls)
                {
                    Interleave<bool>(nulls.AsSpan(0, part.Length), result.Nulls!, t);
                }
            }

            return result;
        }

        /// <summary>Writes share <paramref name="share"/>'s values (its group l) to the table's group l × shares + share.</summary>
        private void Interleave<T>(ReadOnlySpan<T> from, T[] to, int share)
        {
            for (var l = 0; l < from.Length; l++)
            {
                to[(l << _shift) | share] = from[l];
            }
        }

        /// <summary>How many of the table's first <paramref name="groupCount"/> groups are share <paramref name="share"/>'s.</summary>
        private int GroupsOf(int share, int groupCount) => (groupCount + _mask - share) >> _shift;

        private void WaitBelow(int limit)
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_outstanding < limit)
                    {
                        return;
                    }
                }

                if (_shares.FirstOrDefault(s => !s.Busy && !s.Pending.IsEmpty) is { } idle)
                {
                    idle.Drain();
                    continue;
                }

                lock (_gate)
                {
                    // Only shares that some thread is draining have work left: each morsel they finish wakes this.
                    if (_outstanding >= limit && !_shares.Any(s => !s.Busy && !s.Pending.IsEmpty))
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }

        private void Fail(Exception e)
        {
            lock (_gate)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
            }

            _stopped = true;
        }

        private void Done(SharedMorsel morsel)
        {
            if (!morsel.Done())
            {
                return;
            }

            _owner.ReturnToPools(morsel.Morsel);
            lock (_gate)
            {
                _outstanding--;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>One share: the groups g with g mod shares = <see cref="Index"/>, its group l being the table's group l × shares + index.</summary>
        private sealed class Share
        {
            private readonly GroupShares _set;
            private int _busy;

            // Scratch, grown as needed: the share's rows of a chunk and their groups here.
            private int[] _rows = [];
            private int[] _groups = [];

            public Share(GroupShares set, int index, QueryBuffers? buffers)
            {
                (_set, Index) = (set, index);
                States = set._owner.ShareStates(buffers);
            }

            public int Index { get; }

            public AggregateState[] States { get; }

            public ConcurrentQueue<SharedMorsel> Pending { get; } = new();

            public bool Busy => Volatile.Read(ref _busy) != 0;

            /// <summary>Folds the pending morsels in order, unless another thread is already doing so.</summary>
            public void Drain()
            {
                while (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
                {
                    while (Pending.TryDequeue(out var morsel))
                    {
                        try
                        {
                            if (!_set._stopped)
                            {
                                Fold(morsel);
                            }
                        }
                        catch (Exception e)
                        {
                            _set.Fail(e);
                        }

                        _set.Done(morsel);
                    }

                    // A morsel enqueued after the last look but before this saw the share busy and left it to this thread.
                    Interlocked.Exchange(ref _busy, 0);
                    if (Pending.IsEmpty)
                    {
                        return;
                    }
                }
            }

            private void Fold(SharedMorsel shared)
            {
                var groupCount = _set.GroupsOf(Index, shared.GroupCount);
                foreach (var chunk in shared.Morsel.Chunks)
                {
                    if (_set._stopped || _set._ct.IsCancellationRequested)
                    {
                        return;
                    }

                    var count = Select(chunk);
                    var rows = _rows.AsSpan(0, count);
                    var groups = _groups.AsSpan(0, count);
                    for (var a = 0; a < States.Length; a++)
                    {
                        if (chunk.GroupRuns)
                        {
                            States[a].UpdateRuns(chunk.Arguments[a], chunk.Keys[a], rows, groups, groupCount);
                        }
                        else
                        {
                            States[a].Update(chunk.Arguments[a], chunk.Keys[a], rows, groups, groupCount);
                        }
                    }
                }
            }

            /// <summary>The chunk's rows of this share's groups, in their order, into the scratch rows with their groups here; how many.</summary>
            private int Select(EvaluatedChunk chunk)
            {
                var rows = chunk.Rows.AsSpan(0, chunk.RowCount);
                var groups = chunk.Groups.AsSpan(0, chunk.RowCount);
                var mineRows = Scratch(ref _rows, rows.Length);
                var mineGroups = Scratch(ref _groups, rows.Length);
                var (mask, shift, index) = (_set._mask, _set._shift, Index);
                var n = 0;
                for (var k = 0; k < rows.Length; k++)
                {
                    var g = groups[k];
                    mineRows[n] = rows[k];
                    mineGroups[n] = g >> shift;
                    n += (g & mask) == index ? 1 : 0;
                }

                return n;
            }

            private static int[] Scratch(ref int[] array, int length)
            {
                if (array.Length < length)
                {
                    array = new int[Math.Max(length, array.Length * 2)];
                }

                return array;
            }
        }
    }
}
