using Apache.Arrow.Types;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Temporal merges close versions by copying them as stored: versions in sealed segments, in the
/// published open segment and staged in the same cycle keep their values, and readers of an
/// older snapshot, or of the table after a discarded cycle, see none of it.
/// </summary>
public sealed class TemporalCloseTests
{
    private readonly ReplicatedTable _registration = ReplicatedTable.Create(
        "t", [new("k", Int64Type.Default, false), new("v", StringType.Default, true)], ["k"], null);

    private readonly TemporalMerge _merge = new();

    [Fact]
    public void Closing_versions_wherever_they_are_stored_keeps_their_values_in_the_history()
    {
        // Capacity 4: keys 0-3 in a sealed segment, keys 4-5 in the published open segment.
        var table = new ColumnarTable("t", _registration.ToOlapSchema(temporal: true), segmentCapacity: 4);
        Cycle(table, (writer, counters) =>
        {
            for (var k = 0; k < 6; k++)
            {
                _merge.Insert(writer, RowKey.FromInteger(k), Row(k, "v" + k), 10, counters);
            }
        });
        var held = table.Current;

        Cycle(table, (writer, counters) =>
        {
            _merge.Delete(writer, RowKey.FromInteger(1), 20, counters);
            _merge.Delete(writer, RowKey.FromInteger(5), 20, counters);
            _merge.Update(writer, RowKey.FromInteger(4), RowKey.FromInteger(4), Row(4, "u4"), 30, counters);
            _merge.Delete(writer, RowKey.FromInteger(4), 40, counters);
            _merge.Insert(writer, RowKey.FromInteger(1), Row(1, "again"), 50, counters);
        });

        Assert.Equal(
            [.. Enumerable.Range(0, 6).Select(k => ((long)k, "v" + k, 10L, (long?)null, "I"))],
            Versions(held));
        Assert.Equal(
            [
                (0L, "v0", 10L, null, "I"), (1L, "again", 50L, null, "I"), (1L, "v1", 10L, 20L, "I"), (1L, "v1", 20L, 20L, "D"),
                (2L, "v2", 10L, null, "I"), (3L, "v3", 10L, null, "I"), (4L, "u4", 30L, 40L, "U"), (4L, "u4", 40L, 40L, "D"),
                (4L, "v4", 10L, 30L, "I"), (5L, "v5", 10L, 20L, "I"), (5L, "v5", 20L, 20L, "D"),
            ],
            Versions(table.Current));
    }

    [Fact]
    public void A_discarded_cycle_of_closes_leaves_the_table_as_it_was()
    {
        var table = new ColumnarTable("t", _registration.ToOlapSchema(temporal: true), segmentCapacity: 4);
        Cycle(table, (writer, counters) =>
        {
            for (var k = 0; k < 6; k++)
            {
                _merge.Insert(writer, RowKey.FromInteger(k), Row(k, "v" + k), 10, counters);
            }
        });
        var before = table.Current;
        var versions = Versions(before);

        using (var writer = table.BeginWrite())
        {
            _merge.Delete(writer, RowKey.FromInteger(0), 20, new MergeCounters());
            _merge.Update(writer, RowKey.FromInteger(5), RowKey.FromInteger(5), Row(5, "u5"), 20, new MergeCounters());
        }

        Assert.Same(before, table.Current);
        Cycle(table, (writer, counters) => _merge.Delete(writer, RowKey.FromInteger(2), 30, counters));
        Assert.Equal(versions, Versions(before));
        Assert.Equal(
            [.. versions.Where(v => v.Key != 2).Concat([(2L, "v2", 10L, 30L, "I"), (2L, "v2", 30L, 30L, "D")]).Order()],
            Versions(table.Current));
    }

    private static StorageValue[] Row(long key, string value) => [StorageValue.FromInteger(key), StorageValue.FromText(value)];

    private static void Cycle(ColumnarTable table, Action<TableWriter, MergeCounters> changes)
    {
        using var writer = table.BeginWrite();
        changes(writer, new MergeCounters());
        writer.Commit();
    }

    /// <summary>The live rows of a snapshot (every version), ordered.</summary>
    private static List<(long Key, string Value, long From, long? To, string Operation)> Versions(TableSnapshot snapshot)
    {
        var versions = new List<(long, string, long, long?, string)>();
        foreach (var segment in snapshot.Segments)
        {
            for (var row = 0; row < segment.RowCount; row++)
            {
                if (segment.IsLive(row))
                {
                    object? Value(int column) => ArrowValues.Get(segment.Batch.Column(column), row);
                    versions.Add(((long)Value(0)!, (string)Value(1)!, (long)Value(2)!, (long?)Value(3), (string)Value(4)!));
                }
            }
        }

        return [.. versions.Order()];
    }
}
