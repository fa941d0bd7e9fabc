using Microsoft.Data.Sqlite;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Sql;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Loading;

/// <summary>
/// Brings an OLAP table to the state of its SQLite table at one read snapshot: rows missing in
/// OLAP are inserted, rows that differ are updated, rows gone from SQLite are deleted, each
/// through the merge strategy (so temporal history records the changes).
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
        IProgress<long>? progress = null)
    {
        var table = replica.Registration;
        var columns = table.Columns.Select(c => SqlText.Identifier(c.Name));
        if (table.UsesRowid)
        {
            columns = columns.Prepend(SqlText.Identifier(table.RowidAlias!));
        }

        var writer = replica.Olap.BeginWrite();
        var counters = new MergeCounters();
        try
        {
            // Loading into an empty table needs no reconciliation: no key set, no deletes.
            var reconcile = replica.Olap.KeyCount > 0;
            var present = new HashSet<RowKey>();
            var offset = table.UsesRowid ? 1 : 0;
            using var command = connection.Create($"SELECT {string.Join(", ", columns)} FROM {SqlText.Identifier(table.Name)}");
            using var reader = command.ExecuteReader();
            rowsRead = 0;
            while (reader.Read())
            {
                if ((++rowsRead & 0xFFFF) == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(rowsRead);
                }

                var row = new object?[table.Columns.Count];
                for (var c = 0; c < row.Length; c++)
                {
                    var value = reader.GetValue(c + offset);
                    row[c] = value is DBNull ? null : value;
                }

                var key = table.UsesRowid
                    ? RowKey.FromInteger(reader.GetInt64(0))
                    : RowKey.FromValues(table.KeyColumnIndexes.Select(i => row[i]).ToArray());
                if (reconcile)
                {
                    present.Add(key);
                }

                if (reconcile && writer.TryFind(key, out _))
                {
                    strategy.Update(writer, key, key, row, timestampMicros, counters);
                }
                else
                {
                    strategy.Insert(writer, key, row, timestampMicros, counters);
                }
            }

            foreach (var gone in replica.Olap.PublishedKeys.Where(k => reconcile && !present.Contains(k)).ToList())
            {
                strategy.Delete(writer, gone, timestampMicros, counters);
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
}
