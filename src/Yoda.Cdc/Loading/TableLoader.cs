using Microsoft.Data.Sqlite;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Loading;

/// <summary>
/// Brings an OLAP table to the state of its SQLite table at one read snapshot: rows missing in
/// OLAP are inserted, rows that differ are updated, rows gone from SQLite are deleted, each
/// through the merge strategy (so temporal history records the changes). Rows stream from SQLite
/// into the writer, which seals segment after segment: memory holds one segment of staged rows
/// besides the OLAP data and its key index.
/// </summary>
public static class TableLoader
{
    /// <summary>
    /// Reads the table on <paramref name="connection"/>, which must be inside a read transaction
    /// that also read the log position the load corresponds to, and stages the reconciliation.
    /// </summary>
    public static PreparedChanges Prepare(
        SqliteConnection connection,
        TableReplica replica,
        IMergeStrategy strategy,
        long timestampMicros,
        CancellationToken ct,
        out long rowsRead,
        IProgress<long>? progress = null) =>
        Prepare(connection, replica, strategy, timestampMicros, ct, out rowsRead, progress, allowBulk: true);

    /// <param name="allowBulk">False to load row by row even where <see cref="SegmentBuilder"/> applies (for differential tests).</param>
    internal static PreparedChanges Prepare(
        SqliteConnection connection,
        TableReplica replica,
        IMergeStrategy strategy,
        long timestampMicros,
        CancellationToken ct,
        out long rowsRead,
        IProgress<long>? progress,
        bool allowBulk)
    {
        var table = replica.Registration;
        var columns = table.Columns.Select(c => SqlText.Identifier(c.Name));
        if (table.UsesRowid)
        {
            columns = columns.Prepend(SqlText.Identifier(table.RowidAlias!));
        }

        // Loading into an empty table needs no reconciliation. Otherwise one bit per stored row
        // marks the rows SQLite still has; the published rows left unmarked are gone.
        var reconcile = replica.Olap.KeyCount > 0;
        // An empty table's key index is the writer's, handed over: sized for the table up front, it
        // never rehashes, and never holds its old and new slots at once while growing.
        var expectedKeys = reconcile ? 0 : (int)Math.Min(int.MaxValue / 2, (long)connection.Scalar($"SELECT count(*) FROM {SqlText.Identifier(table.Name)}")!);
        var writer = replica.Olap.BeginWrite(expectedKeys);
        var counters = new MergeCounters();
        try
        {
            var stored = replica.Olap.PositionCount;
            var present = reconcile ? new ulong[(stored + 63) >> 6] : [];
            var offset = table.UsesRowid ? 1 : 0;
            var row = new StorageValue[table.Columns.Count];
            using var statement = new RawStatement(connection, $"SELECT {string.Join(", ", columns)} FROM {SqlText.Identifier(table.Name)}");
            // An empty mirror table of plain columns with an integer key loads straight into Arrow.
            if (allowBulk && stored == 0 && !strategy.AddsHistoryColumns && statement.IsNative && SegmentBuilder.Supports(writer.Schema)
                && (table.UsesRowid || (table.KeyColumnIndexes.Count == 1 && table.Columns[table.KeyColumnIndexes[0]].Type.TypeId == Apache.Arrow.Types.ArrowTypeId.Int64)))
            {
                rowsRead = LoadInBulk(statement, table.UsesRowid ? null : table.KeyColumnIndexes[0], offset, writer, replica.Olap, ct, progress);
                counters.Inserted = rowsRead;
                return new PreparedChanges([(replica, writer)], counters);
            }

            rowsRead = 0;
            while (statement.Step())
            {
                if ((++rowsRead & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(rowsRead);
                }

                statement.Values(offset, row);
                var key = table.UsesRowid ? RowKey.FromInteger(statement.Integer(0)) : RowKey.FromColumns(row, table.KeyColumnIndexes);
                if (reconcile && writer.TryFind(key, out var position))
                {
                    if (position < stored)
                    {
                        present[position >> 6] |= 1UL << (int)position;
                    }

                    strategy.Update(writer, key, key, row, timestampMicros, counters);
                }
                else
                {
                    strategy.Insert(writer, key, row, timestampMicros, counters);
                }
            }

            if (reconcile)
            {
                var gone = replica.Olap.PublishedIndex
                    .Where(entry => (present[entry.Value >> 6] & (1UL << (int)entry.Value)) == 0)
                    .Select(entry => entry.Key)
                    .ToList();
                foreach (var key in gone)
                {
                    strategy.Delete(writer, key, timestampMicros, counters);
                }
            }

            progress?.Report(rowsRead);
            return new PreparedChanges([(replica, writer)], counters);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads every row into an empty table segment by segment through two <see cref="SegmentBuilder"/>s
    /// in turn: while one is read into on this thread, the other's full segment is copied into
    /// Arrow and its keys into the writer's index on another (only that thread touches the writer
    /// until it is done). A row's key is the value of the <c>int64</c> column
    /// <paramref name="keyColumn"/>, or the rowid (the statement's first column) when it is null.
    /// </summary>
    private static long LoadInBulk(RawStatement statement, int? keyColumn, int firstValue, TableWriter writer, ColumnarTable olap, CancellationToken ct, IProgress<long>? progress)
    {
        SegmentBuilder[] builders = [new(writer.Schema, olap.Name, olap.SegmentCapacity), new(writer.Schema, olap.Name, olap.SegmentCapacity)];
        long[][] rowids = keyColumn is null ? [new long[olap.SegmentCapacity], new long[olap.SegmentCapacity]] : [[], []];
        var current = 0;
        var staging = Task.CompletedTask;
        long rowsRead = 0;
        try
        {
            while (statement.Step())
            {
                if ((++rowsRead & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(rowsRead);
                }

                var builder = builders[current];
                if (keyColumn is null)
                {
                    rowids[current][builder.Count] = statement.Integer(0);
                }

                builder.Append(statement, firstValue);
                if (builder.IsFull)
                {
                    staging.GetAwaiter().GetResult(); // the other builder and the writer are free again
                    var full = current;
                    staging = Task.Run(() => Stage(builders[full], keyColumn, rowids[full], writer), CancellationToken.None);
                    current ^= 1;
                }
            }

            staging.GetAwaiter().GetResult();
        }
        catch
        {
            // The writer is disposed by the caller: not while a segment is being staged into it.
            // The reading error is the one reported; a staging error of the same load adds nothing.
            ((IAsyncResult)staging).AsyncWaitHandle.WaitOne();
            throw;
        }

        if (builders[current].Count > 0)
        {
            Stage(builders[current], keyColumn, rowids[current], writer);
        }

        progress?.Report(rowsRead);
        return rowsRead;
    }

    private static void Stage(SegmentBuilder builder, int? keyColumn, long[] rowids, TableWriter writer)
    {
        // The key column's values stay in the builder's buffer until the next append.
        var keys = keyColumn is { } column ? builder.Integers(column) : rowids.AsSpan(0, builder.Count);
        var first = writer.AppendSegment(builder.Build());
        for (var i = 0; i < keys.Length; i++)
        {
            writer.SetKey(RowKey.FromInteger(keys[i]), first + i);
        }
    }
}
