using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Sql;

namespace Yoda.Cdc.Sync;

/// <summary>
/// Reads a sync cycle's events from the log in blocks, on the read connection's thread, while a
/// second thread stages the blocks already read (the machine's two cores work at once). The
/// cycle's extent (where it ends, on a transaction boundary when the batch is full) is fixed
/// before the first block, in the same read transaction, so every block read is staged; nothing
/// is published here: the caller publishes the result, or disposes it.
/// </summary>
/// <remarks>One cycle at a time: the event buffers are reused from cycle to cycle.</remarks>
public sealed class OverlappedCycleRead
{
    /// <summary>Events per block: small enough that staging starts early, large enough that a block's query costs little.</summary>
    public const int DefaultBlockEvents = 8192;

    private readonly int _blockEvents;
    private readonly CdcEventBuffer[] _buffers;
    private int _expectedEvents;

    public OverlappedCycleRead(int blockEvents = DefaultBlockEvents, int buffers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffers, 1);
        _blockEvents = blockEvents;
        _buffers = [.. Enumerable.Range(0, buffers).Select(_ => new CdcEventBuffer())];
    }

    /// <summary>
    /// Reads and stages up to <paramref name="limit"/> events after <paramref name="watermark"/>.
    /// <paramref name="onReadConnection"/> runs the read on a connection of the caller's;
    /// <paramref name="lastBoundaryWithin"/> gives the last known transaction end in a range of
    /// sequence numbers (a full batch ends there). On any failure, of either half, nothing staged
    /// is kept and the exception is the one that caused it.
    /// </summary>
    public async Task<(PreparedChanges? Changes, CycleExtent Extent)> RunAsync(
        Func<Func<SqliteConnection, CycleExtent>, CancellationToken, Task<CycleExtent>> onReadConnection,
        long watermark,
        int limit,
        Func<long, long, long?> lastBoundaryWithin,
        IReadOnlyDictionary<string, TableReplica> replicas,
        IMergeStrategy strategy,
        CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new BlockingCollection<CdcEventBuffer>();
        using var filled = new BlockingCollection<CdcEventBuffer>();
        foreach (var buffer in _buffers)
        {
            free.Add(buffer, CancellationToken.None);
        }

        var staging = Task.Run(() => Stage(filled, free, replicas, strategy, failed), CancellationToken.None);
        CycleExtent extent;
        try
        {
            extent = await onReadConnection(
                connection => connection.InReadTransaction(() => Read(connection, watermark, limit, lastBoundaryWithin, free, filled, failed.Token)),
                ct).ConfigureAwait(false);
        }
        catch (Exception readError)
        {
            await failed.CancelAsync().ConfigureAwait(false);
            PreparedChanges? staged = null;
            try
            {
                staged = await staging.ConfigureAwait(false);
            }
            catch (Exception stageError) when (readError is OperationCanceledException && !ct.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(stageError); // the read stopped because staging failed
            }
            catch (Exception)
            {
                // The read's error is the cause; staging stopped because of it.
            }

            staged?.Dispose();
            throw;
        }

        return (await staging.ConfigureAwait(false), extent);
    }

    private CycleExtent Read(
        SqliteConnection connection,
        long watermark,
        int limit,
        Func<long, long, long?> lastBoundaryWithin,
        BlockingCollection<CdcEventBuffer> free,
        BlockingCollection<CdcEventBuffer> filled,
        CancellationToken ct)
    {
        try
        {
            if (Bounds(connection, watermark, limit, lastBoundaryWithin) is not var (first, through, full))
            {
                return default;
            }

            _expectedEvents = (int)Math.Min(limit, through - first + 1);
            using var cursor = new CdcLogCursor(connection, watermark, limit, through);
            var after = watermark;
            var count = 0;
            while (true)
            {
                var buffer = free.Take(ct);
                var events = cursor.ReadInto(buffer, _blockEvents);
                if (events.Count == 0)
                {
                    break;
                }

                count += events.Count;
                after = events[^1].Sequence;
                filled.Add(buffer, ct);
                if (events.Count < _blockEvents)
                {
                    break;
                }
            }

            return new CycleExtent(count, after, full);
        }
        finally
        {
            filled.CompleteAdding();
        }
    }

    /// <summary>
    /// The cycle's first event and the last it may read, or null when nothing is after the
    /// watermark. When every event after the watermark fits in the batch the cycle reads to the
    /// end of the log (the end of a read snapshot is always a transaction boundary) and no walk
    /// through the batch is needed; otherwise the batch is full and ends on its last known
    /// transaction boundary (a transaction larger than the batch alone is split).
    /// </summary>
    internal static (long First, long Through, bool Full)? Bounds(
        SqliteConnection connection, long watermark, int limit, Func<long, long, long?> lastBoundaryWithin)
    {
        if (connection.Scalar($"SELECT min(seq) FROM {MetadataSchema.LogTable} WHERE seq > $w", ("$w", watermark)) is not long first)
        {
            return null;
        }

        var max = (long)connection.Scalar($"SELECT max(seq) FROM {MetadataSchema.LogTable}")!;
        if (max - first < limit)
        {
            return (first, max, false);
        }

        var nth = connection.Scalar(
            $"SELECT seq FROM {MetadataSchema.LogTable} WHERE seq > $w ORDER BY seq LIMIT 1 OFFSET $n",
            ("$w", watermark),
            ("$n", limit - 1)) as long?;
        return nth is { } lastOfBatch ? (first, lastBoundaryWithin(first, lastOfBatch) ?? lastOfBatch, true) : (first, max, false);
    }

    private PreparedChanges? Stage(
        BlockingCollection<CdcEventBuffer> filled,
        BlockingCollection<CdcEventBuffer> free,
        IReadOnlyDictionary<string, TableReplica> replicas,
        IMergeStrategy strategy,
        CancellationTokenSource failed)
    {
        ChangeStager? stager = null;
        try
        {
            foreach (var buffer in filled.GetConsumingEnumerable(failed.Token))
            {
                stager ??= new ChangeStager(replicas, strategy, _expectedEvents);
                stager.Stage(CollectionsMarshal.AsSpan(buffer.Events), failed.Token);
                free.Add(buffer, failed.Token);
            }

            return stager?.Finish(failed.Token);
        }
        catch
        {
            failed.Cancel(); // stops the read
            throw;
        }
        finally
        {
            stager?.Dispose();
        }
    }
}
