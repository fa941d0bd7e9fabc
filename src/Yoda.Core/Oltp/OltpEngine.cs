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
internal sealed class OltpEngine : IDisposable
{
    private readonly SqliteConnection _writer;
    private readonly BlockingCollection<WorkItem> _queue = new();
    private readonly Thread _writerThread;
    private readonly ReadConnection[] _readers;
    private int _nextReader = -1;
    private int _disposed;

    private readonly SchemaGuard _guard;
    private readonly Action<SqliteConnection>? _afterCommit;

    /// <param name="afterCommit">Runs on the write connection after each work item that leaves no transaction open.</param>
    public OltpEngine(string path, int readPoolSize, SchemaGuard guard, Action<SqliteConnection>? afterCommit = null)
    {
        _afterCommit = afterCommit;
        IsInMemory = path == ":memory:";
        _guard = guard;
        _writer = Open(path, readOnly: false);
        try
        {
            Configure(_writer, isWriter: true);
            guard.Install(_writer);
            _readers = IsInMemory
                ? []
                : Enumerable.Range(0, readPoolSize).Select(_ => new ReadConnection(OpenReader(path))).ToArray();
        }
        catch
        {
            _writer.Dispose();
            throw;
        }

        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "yoda-oltp-writer" };
        _writerThread.Start();
    }

    public bool IsInMemory { get; }

    /// <summary>Runs <paramref name="work"/> on the write connection, after every write queued before it.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ct.ThrowIfCancellationRequested();
        var item = new WorkItem(c => work(c), ct);
        try
        {
            _queue.Add(item, ct);
        }
        catch (InvalidOperationException)
        {
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

        _writer.Dispose();
        _queue.Dispose();
    }

    private static async Task<T> Unbox<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;

    private void WriterLoop()
    {
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            if (item.Cancellation.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.Cancellation);
                continue;
            }

            try
            {
                _guard.Denial = null;
                var result = Translate(() => item.Work(_writer), _guard);
                AfterCommit();
                item.Completion.TrySetResult(result);
            }
            catch (Exception e)
            {
                AfterCommit();
                item.Completion.TrySetException(e);
            }
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

    private void AfterCommit()
    {
        if (_afterCommit is null || SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) == 0)
        {
            return;
        }

        try
        {
            _afterCommit(_writer);
        }
        catch (SqliteException)
        {
            // Bookkeeping after a commit must never fail the write that already committed.
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

    private sealed record WorkItem(Func<SqliteConnection, object?> Work, CancellationToken Cancellation)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record ReadConnection(SqliteConnection Connection)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
