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
            if (connection.Scalar($"SELECT min(seq) FROM {MetadataSchema.LogTable} WHERE seq > $w", ("$w", watermark)) is not long first)
            {
                return default;
            }

            // A full batch ends on its last transaction boundary (a transaction larger than the batch alone is split).
            var nth = connection.Scalar(
                $"SELECT seq FROM {MetadataSchema.LogTable} WHERE seq > $w ORDER BY seq LIMIT 1 OFFSET $n",
                ("$w", watermark),
                ("$n", limit - 1)) as long?;
            var through = nth is { } lastOfBatch ? lastBoundaryWithin(first, lastOfBatch) ?? lastOfBatch : long.MaxValue;
            var max = (long)connection.Scalar($"SELECT max(seq) FROM {MetadataSchema.LogTable}")!;
            _expectedEvents = (int)Math.Min(limit, Math.Min(through, max) - first + 1);

            var after = watermark;
            var count = 0;
            while (count < limit)
            {
                var buffer = free.Take(ct);
                var events = CdcLogReader.ReadAfter(connection, after, Math.Min(_blockEvents, limit - count), buffer, through);
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

            return new CycleExtent(count, after, nth is not null);
        }
        finally
        {
            filled.CompleteAdding();
        }
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
