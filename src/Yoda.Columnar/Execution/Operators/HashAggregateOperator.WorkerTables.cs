using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Operators;

public sealed partial class HashAggregateOperator
{
    /// <summary>
    /// The group tables of <see cref="SharedFold"/>'s workers, each lasting across the morsels it groups: a morsel
    /// rents one, groups its rows there and hands the consumer only the keys of the groups new to it, so after a
    /// table's first morsels the consumer maps hardly any group (a morsel's own table starts empty and costs more than
    /// the consumer's grouping it replaces: session 21's B1). A table groups its morsels in ascending order, so by
    /// the time the consumer reaches one of them it has mapped every group the table made before it: the groups new
    /// to the one table are new to the worker table too, and they come in the morsel's first-seen order.
    /// A worker may still fill a table after the consumer has left (an error, a cancellation), so the tables rent their
    /// arrays from a lease of their own on the statement's pool, given back at <see cref="Close"/> only when every
    /// table is idle (else left to the collector): their dictionaries no longer grow from fresh arrays every query.
    /// </summary>
    private sealed class WorkerTables(Func<QueryBuffers, GroupTable> create, QueryMemory? memory, QueryBuffers? buffers)
    {
        private readonly object _gate = new();
        private readonly List<WorkerTable> _all = [];
        private readonly List<WorkerTable> _idle = [];
        private readonly QueryBuffers? _lease = buffers?.Scope();
        private bool _closed;

        /// <summary>An idle table that has grouped only morsels before <paramref name="morsel"/> (the fullest), or a new one.</summary>
        public WorkerTable Rent(int morsel)
        {
            lock (_gate)
            {
                // Once closed, the idle tables' arrays may be back in the pool: a late worker gets a new table (whose
                // lease, given back, allocates).
                WorkerTable? rented = null;
                foreach (var table in _closed ? [] : _idle)
                {
                    if (table.LastMorsel < morsel && (rented is null || table.Groups.Count > rented.Groups.Count))
                    {
                        rented = table;
                    }
                }

                if (rented is null)
                {
                    rented = new WorkerTable(create(_lease ?? QueryBuffers.Unpooled));
                    _all.Add(rented);
                }
                else
                {
                    _idle.Remove(rented);
                }

                rented.LastMorsel = morsel;
                return rented;
            }
        }

        /// <summary>Takes back a table whose morsel was grouped whole (one that failed part way is never rented again).</summary>
        public void Return(WorkerTable table)
        {
            lock (_gate)
            {
                _idle.Add(table);
            }
        }

        /// <summary>Counts what <paramref name="table"/> has grown by against the query's memory (nothing once closed: it has been given back).</summary>
        public void Reserve(WorkerTable table, long bytes)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                // Added first: Reserve counts the bytes before it throws past the limit.
                table.Reserved += bytes;
                memory?.Reserve(bytes);
            }
        }

        /// <summary>Gives back what every table counted, and their arrays to the pool unless a worker still holds one; the consumer is done with them.</summary>
        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                memory?.Release(_all.Sum(t => t.Reserved));
                if (_idle.Count == _all.Count)
                {
                    _lease?.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// One worker table: its groups (filled by the worker holding it), and on the consumer the map of its groups to
    /// the one table's.
    /// </summary>
    private sealed class WorkerTable(GroupTable groups)
    {
        public GroupTable Groups { get; } = groups;

        /// <summary>The last morsel grouped here (set when rented).</summary>
        public int LastMorsel { get; set; } = -1;

        /// <summary>Rows grouped here before the morsel now being grouped.</summary>
        public long Rows { get; set; }

        /// <summary>What the table's groups and text keys were counted at against the query's memory.</summary>
        public long Reserved { get; set; }

        /// <summary>The text keys' bytes as last counted.</summary>
        public long HeldKeyBytes { get; set; }

        /// <summary>On the consumer: the one table's id of each of this table's first <see cref="Mapped"/> groups.</summary>
        public int[] Map { get; set; } = [];

        public int Mapped { get; set; }
    }

    /// <summary>The groups a morsel added to its worker table: ids from <see cref="First"/> on, with their <see cref="Keys"/>.</summary>
    private sealed record NewGroups(WorkerTable Table, int First, int Count, ColumnVector[] Keys);
}
