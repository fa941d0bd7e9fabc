using Apache.Arrow.Types;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Merges into a table compacted after every cycle and into one never compacted: the same rows
/// (in temporal tables, the same versions) after every cycle, so closes, updates and deletes after
/// a compaction find the rows their keys moved to.
/// </summary>
public sealed class CompactionMergeTests
{
    private readonly ReplicatedTable _registration = ReplicatedTable.Create(
        "t", [new("k", Int64Type.Default, false), new("v", StringType.Default, true)], ["k"], null);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    [InlineData(true, 4)]
    public void A_compacted_table_merges_like_one_never_compacted(bool temporal, int seed)
    {
        IMergeStrategy merge = temporal ? new TemporalMerge() : new DestructiveMerge();
        var schema = _registration.ToOlapSchema(temporal);
        var compacted = new ColumnarTable("t", schema, segmentCapacity: 4);
        var plain = new ColumnarTable("t", schema, segmentCapacity: 4);
        var random = new Random(seed);
        var compactions = 0;
        for (var cycle = 0; cycle < 60; cycle++)
        {
            var events = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (Kind: random.Next(3), Key: random.Next(12), Value: $"c{cycle}")).ToList();
            foreach (var table in new[] { compacted, plain })
            {
                using var writer = table.BeginWrite();
                var counters = new MergeCounters();
                foreach (var (kind, key, value) in events)
                {
                    var rowKey = RowKey.FromInteger(key);
                    StorageValue[] row = [StorageValue.FromInteger(key), StorageValue.FromText(value)];
                    switch (kind)
                    {
                        case 0:
                            merge.Insert(writer, rowKey, row, cycle * 10, counters);
                            break;
                        case 1:
                            merge.Update(writer, rowKey, rowKey, row, cycle * 10, counters);
                            break;
                        default:
                            merge.Delete(writer, rowKey, cycle * 10, counters);
                            break;
                    }
                }

                writer.Commit();
            }

            compactions += compacted.Compact(minDeletedFraction: 0, maxSegments: 2).Segments;
            Assert.Equal(Rows(plain.Current), Rows(compacted.Current));
        }

        Assert.True(compactions > 10, $"only {compactions} compactions");
        Assert.True(compacted.Current.StoredRowCount < plain.Current.StoredRowCount);
    }

    private static List<string> Rows(TableSnapshot snapshot) =>
        [.. snapshot.Segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive)
            .Select(r => string.Join(",", Enumerable.Range(0, s.Batch.ColumnCount).Select(c => ArrowValues.Get(s.Batch.Column(c), r) ?? "NULL"))))
            .Order(StringComparer.Ordinal)];
}
