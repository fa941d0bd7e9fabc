using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Capture;
using Yoda.Cdc.Sql;

namespace Yoda.Oltp;

/// <summary>
/// The SQLite side: one write connection fed by a single-writer queue (so concurrent callers
/// never meet "database is locked"), and a round-robin pool of read connections. An in-memory
/// database is private to one connection, so there every read goes through the writer too.
/// </summary>
/// <remarks>
/// A single-statement write that finds the writer idle (nothing queued or running) runs at once
/// on the caller's thread, as Microsoft.Data.Sqlite's own asynchronous methods do, under the lock
/// the writer thread takes for each queued item: a lone awaited write then costs no thread
/// hand-off either way. Queue order is kept, since a write only runs inline when every item
/// queued before it has finished. Other work (DDL, batches, Yoda's own transactions) always
/// runs on the writer thread, so its caller never blocks.
/// Group commit: single-statement writes waiting in the queue together run in one transaction,
/// each inside its own savepoint, so a failing write rolls back only itself and every caller
/// gets its own result or error. Should the whole transaction be rolled back under a write (an
/// <c>ON CONFLICT ROLLBACK</c>, <c>RAISE(ROLLBACK)</c>), the writes before it run again alone.
/// </remarks>
internal sealed partial class OltpEngine : IDisposable
{
    /// <summary>Most writes one group commit takes from the queue.</summary>
    private const int MaxGroup = 256;

    private readonly SqliteConnection _writer;
    private readonly WriteStatementCache _statements;
    private readonly BatchShapeCache _shapes;
    private readonly GroupCommands _group;
    private readonly BlockingCollection<WorkItem> _queue = new();

    /// <summary>Held while a work item runs on the write connection, on the writer thread or inline.</summary>
    private readonly Lock _writeLock = new();

    /// <summary>The group of one that a write run inline forms (used under <see cref="_writeLock"/> only).</summary>
    private readonly List<WorkItem> _inline = [];

    /// <summary>Work items queued and not yet finished; changed only under <see cref="_writeLock"/> or before queueing.</summary>
    private int _pending;
    private readonly Thread _writerThread;
    private readonly ReadConnection[] _readers;
    private int _nextReader = -1;
    private int _disposed;

    private readonly SchemaGuard _guard;
    private readonly ICommitObserver? _observer;

    /// <summary>Checkpoints the WAL off the writer's path (file databases only).</summary>
    private readonly WalCheckpointer? _checkpointer;

    /// <param name="observer">Told the log position of each commit on the write connection.</param>
    public OltpEngine(string path, int readPoolSize, SchemaGuard guard, ICommitObserver? observer = null)
    {
        _observer = observer;
        IsInMemory = path == ":memory:";
        _guard = guard;
        _writer = Open(path, readOnly: false);
        try
        {
            Configure(_writer, isWriter: true);
            guard.Install(_writer);
            _statements = new WriteStatementCache(_writer);
            _shapes = new BatchShapeCache(_writer);
            _group = new GroupCommands(_writer);
            _readers = IsInMemory
                ? []
                : Enumerable.Range(0, readPoolSize).Select(_ => new ReadConnection(OpenReader(path))).ToArray();
            if (HasWal(_writer))
            {
                _writer.Execute("PRAGMA wal_autocheckpoint = 0");
                _checkpointer = new WalCheckpointer(OpenCheckpointer(path));
            }
        }
        catch
        {
            foreach (var reader in _readers ?? [])
            {
                reader.Connection.Dispose();
            }

            _writer.Dispose();
            throw;
        }

        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "yoda-oltp-writer" };
        _writerThread.Start();
    }

    public bool IsInMemory { get; }

    /// <summary>The most writes committed together so far (a diagnostic for tests).</summary>
    internal int LargestGroup { get; private set; }

    /// <summary>Runs one parameterised statement on the write connection; returns the rows changed.</summary>
    public Task<int> ExecuteWriteAsync(string sql, object?[] values, CancellationToken ct) =>
        Enqueue<int>(new WorkItem(c => _statements.Execute(sql, values), ct, WriteStatementCache.IsSingleWrite(sql)), ct);

    /// <summary>Runs <paramref name="work"/> on the write connection, after every write queued before it.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        return Enqueue<T>(new WorkItem(c => work(c), ct, Groupable: false), ct);
    }

    private Task<T> Enqueue<T>(WorkItem item, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ct.ThrowIfCancellationRequested();
        if (item.Groupable && Volatile.Read(ref _pending) == 0 && _writeLock.TryEnter())
        {
            try
            {
                if (Volatile.Read(ref _pending) == 0)
                {
                    ObjectDisposedException.ThrowIf(_disposed != 0, this);
                    _inline.Clear();
                    _inline.Add(item);
                    RunQueued(item, _inline);
                    _checkpointer?.Written();
                    return Unbox<T>(item.Completion.Task);
                }
            }
            finally
            {
                _writeLock.Exit();
            }
        }

        Interlocked.Increment(ref _pending);
        try
        {
            _queue.Add(item, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            Interlocked.Decrement(ref _pending);
            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new ObjectDisposedException(nameof(OltpEngine));
        }

        return Unbox<T>(item.Completion.Task);
    }

    /// <summary>Runs <paramref name="work"/> on a read connection (the writer for in-memory databases).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_readers.Length == 0)
        {
            return await WriteAsync(work, ct).ConfigureAwait(false);
        }

        var reader = _readers[(int)((uint)Interlocked.Increment(ref _nextReader) % (uint)_readers.Length)];
        await reader.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return await Task.Run(() => Translate(() => work(reader.Connection)), ct).ConfigureAwait(false);
        }
        finally
        {
            reader.Gate.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.CompleteAdding();
        _writerThread.Join();
        foreach (var reader in _readers)
        {
            reader.Gate.Wait();
            reader.Connection.Dispose();
        }

        _checkpointer?.Dispose();
        lock (_writeLock)
        {
            _statements.Dispose();
            _shapes.Dispose();
            _group.Dispose();
            _writer.Dispose();
        }

        _queue.Dispose();
    }

    private static async Task<T> Unbox<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;

    private void WriterLoop()
    {
        var group = new List<WorkItem>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            lock (_writeLock)
            {
                var finished = RunQueued(first, group);
                Interlocked.Add(ref _pending, -finished);
                _checkpointer?.Written();
            }
        }
    }

    /// <summary>Runs <paramref name="first"/> and the writes queued behind it that can share its transaction; returns how many items ran.</summary>
    private int RunQueued(WorkItem first, List<WorkItem> group)
    {
        if (!first.Groupable || !InAutocommit())
        {
            Run(first);
            return 1;
        }

        group.Clear();
        group.Add(first);
        WorkItem? after = null;
        // A write run inline takes nothing from the queue: the writer thread accounts for queued items.
        while (group != _inline && group.Count < MaxGroup && _queue.TryTake(out var next))
        {
            if (!next.Groupable)
            {
                after = next; // runs after the group, keeping queue order
                break;
            }

            group.Add(next);
        }

        RunGroup(group);
        if (after is null)
        {
            return group.Count;
        }

        Run(after);
        return group.Count + 1;
    }

    private bool InAutocommit() => SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) != 0;

    private void Run(WorkItem item)
    {
        if (item.Cancellation.IsCancellationRequested)
        {
            item.Completion.TrySetCanceled(item.Cancellation);
            return;
        }

        try
        {
            var result = Execute(item);
            AfterCommit();
            item.Completion.TrySetResult(result);
        }
        catch (Exception e)
        {
            AfterCommit();
            item.Completion.TrySetException(e);
        }
    }

    private object? Execute(WorkItem item)
    {
        _guard.Denial = null;
        return Translate(() => item.Work(_writer), _guard);
    }

    /// <summary>
    /// Runs single-statement writes in one transaction, each in its own savepoint. A write alone
    /// runs in a transaction too (which also reads the log position: a separate read would cost
    /// more), but without a savepoint: after its failure the transaction commits what SQLite kept,
    /// as autocommit would.
    /// </summary>
    private void RunGroup(List<WorkItem> group)
    {
        LargestGroup = Math.Max(LargestGroup, group.Count);
        var alone = group.Count == 1;
        var outcomes = new (object? Result, Exception? Error)[group.Count];
        try
        {
            _group.Begin.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            group.ForEach(Run); // each alone, with its own error if the database stays unavailable
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            var item = group[i];
            if (item.Cancellation.IsCancellationRequested)
            {
                outcomes[i] = (null, new OperationCanceledException(item.Cancellation));
                continue;
            }

            try
            {
                if (!alone)
                {
                    _group.Savepoint.ExecuteNonQuery();
                }

                outcomes[i] = (Execute(item), null);
                if (!alone)
                {
                    _group.Release.ExecuteNonQuery();
                }
            }
            catch (Exception e)
            {
                outcomes[i] = (null, e);
                // SQLite has already undone what the failed statement must not keep; what it kept
                // (the rows before the failing one under OR FAIL) it keeps alone in autocommit too.
                if (!alone && !InAutocommit() && !TryUndo(_group.Release))
                {
                    TryUndo(_group.Rollback);
                }

                if (InAutocommit())
                {
                    // The whole transaction is gone (the write rolled it back, or undoing it failed):
                    // the writes before it run again alone, and so do the rest.
                    AfterCommit();
                    Complete(group[i], outcomes[i]);
                    for (var k = 0; k < group.Count; k++)
                    {
                        if (k != i)
                        {
                            Run(group[k]);
                        }
                    }

                    return;
                }
            }
        }

        var position = LogPositionInTransaction();
        try
        {
            _group.Commit.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            position = null;
            if (!InAutocommit())
            {
                TryUndo(_group.Rollback);
            }

            var failure = new YodaException(e.Message, e);
            for (var i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = outcomes[i].Error is null ? (null, failure) : outcomes[i];
            }
        }

        if (position is { } committedAt)
        {
            _observer!.Committed(committedAt);
        }
        else
        {
            AfterCommit();
        }

        for (var i = 0; i < group.Count; i++)
        {
            Complete(group[i], outcomes[i]);
        }
    }

    private static bool TryUndo(params SqliteCommand[] commands)
    {
        try
        {
            foreach (var command in commands)
            {
                command.ExecuteNonQuery();
            }

            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static void Complete(WorkItem item, (object? Result, Exception? Error) outcome)
    {
        switch (outcome.Error)
        {
            case null:
                item.Completion.TrySetResult(outcome.Result);
                break;
            case OperationCanceledException:
                item.Completion.TrySetCanceled(item.Cancellation);
                break;
            default:
                item.Completion.TrySetException(outcome.Error);
                break;
        }
    }

    /// <summary>
    /// SQLite's own errors reach callers as <see cref="YodaException"/>s that keep SQLite's message;
    /// a statement the schema guard refused carries the guard's reason instead.
    /// </summary>
    private static T Translate<T>(Func<T> work, SchemaGuard? guard = null)
    {
        try
        {
            return work();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_AUTH && guard?.Denial is { } denial)
        {
            throw new YodaException(denial, e);
        }
        catch (SqliteException e)
        {
            throw new YodaException(e.Message, e);
        }
    }

    /// <summary>Tells the observer the log position after a work item that leaves no transaction open.</summary>
    private void AfterCommit()
    {
        if (_observer is null || !InAutocommit())
        {
            return;
        }

        try
        {
            _observer.Committed(_observer.LogPosition(_writer));
        }
        catch (SqliteException)
        {
            // Bookkeeping after a commit must never fail the write that already committed.
        }
    }

    /// <summary>The log position read inside the open transaction, just before it commits; null when it cannot be read.</summary>
    private long? LogPositionInTransaction()
    {
        try
        {
            return _observer?.LogPosition(_writer);
        }
        catch (SqliteException)
        {
            return null; // read again after the commit
        }
    }

    private static SqliteConnection Open(string path, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new YodaException($"cannot open SQLite database '{path}': {e.Message}", e);
        }

        return connection;
    }

    private static bool HasWal(SqliteConnection writer) =>
        string.Equals(writer.Scalar("PRAGMA journal_mode") as string, "wal", StringComparison.OrdinalIgnoreCase);

    private static SqliteConnection OpenCheckpointer(string path)
    {
        var connection = Open(path, readOnly: false);
        connection.Execute("PRAGMA busy_timeout = 5000");
        return connection;
    }

    private static SqliteConnection OpenReader(string path)
    {
        var connection = Open(path, readOnly: true);
        Configure(connection, isWriter: false);
        return connection;
    }

    private static void Configure(SqliteConnection connection, bool isWriter)
    {
        connection.Execute("PRAGMA busy_timeout = 5000");
        if (isWriter)
        {
            if (connection.DataSource != ":memory:" && !string.IsNullOrEmpty(connection.DataSource))
            {
                connection.Scalar("PRAGMA journal_mode = WAL");
            }

            connection.Execute("PRAGMA synchronous = NORMAL");
            // REPLACE conflict resolution deletes rows; only with recursive triggers do those
            // deletes fire the capture trigger, so OLAP never keeps a row SQLite replaced.
            connection.Execute("PRAGMA recursive_triggers = ON");
        }
    }

    /// <param name="Groupable">One data-changing statement, that may share a transaction with its neighbours.</param>
    private sealed record WorkItem(Func<SqliteConnection, object?> Work, CancellationToken Cancellation, bool Groupable)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record ReadConnection(SqliteConnection Connection)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
