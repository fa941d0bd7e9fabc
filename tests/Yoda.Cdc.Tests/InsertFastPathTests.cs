using Apache.Arrow.Types;
using Yoda.Cdc.Log;
using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Cdc.Sync;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Tests;

/// <summary>
/// Inserts of keys above every key a table holds skip the key lookups; inserts that collide
/// with published or staged keys, below or at the largest one, must still find them.
/// </summary>
public sealed class InsertFastPathTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inserts_colliding_with_published_and_staged_keys_give_the_state_of_applying_them_one_by_one(bool temporal)
    {
        var registration = ReplicatedTable.Create(
            "t", [new("k", Int64Type.Default, false), new("v", StringType.Default, true)], ["k"], null);
        var replica = new TableReplica(registration, new ColumnarTable("t", registration.ToOlapSchema(temporal)));
        var replicas = new Dictionary<string, TableReplica>(StringComparer.OrdinalIgnoreCase) { ["t"] = replica };
        IMergeStrategy strategy = temporal ? new TemporalMerge() : new DestructiveMerge();

        var log = new EventLog(registration.SchemaVersion);
        for (var k = 1; k <= 5; k++)
        {
            log.Insert(k, "v" + k);
        }

        Apply(log.Take(), replicas, strategy);
        log.Insert(3, "replaced");     // a published key, below the largest
        log.Insert(10, "new");         // above every key
        log.Delete(10);
        log.Insert(10, "again");       // a staged removal, at the largest staged key
        log.Insert(7, "between");      // absent, below the largest staged key
        log.Update(2, 20, "moved");    // a key change to above every key
        log.Insert(2, "back");         // the key just moved away
        log.Insert(20, "over");        // the staged key of the update
        Apply(log.Take(), replicas, strategy);

        var expected = new Dictionary<long, string>
        {
            [1] = "v1", [2] = "back", [3] = "replaced", [4] = "v4", [5] = "v5", [7] = "between", [10] = "again", [20] = "over",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), LiveRows(replica.Olap).OrderBy(e => e.Key));
    }

    private static void Apply(CdcEvent[] events, Dictionary<string, TableReplica> replicas, IMergeStrategy strategy)
    {
        using var changes = ChangeApplier.Prepare(events, replicas, strategy, CancellationToken.None);
        changes.Publish();
    }

    /// <summary>Key → value of the rows the table's index points at (current versions in temporal tables).</summary>
    private static Dictionary<long, string> LiveRows(ColumnarTable table)
    {
        using var reader = table.BeginWrite();
        return table.PublishedIndex.ToDictionary(
            entry => entry.Key.TryGetInteger(out var k) ? k : throw new InvalidOperationException("integer keys only"),
            entry => (string)reader.ReadRow(entry.Value)[1]!);
    }

    /// <summary>Builds CDC events of table t(k, v) as the capture triggers would log them.</summary>
    private sealed class EventLog(int schemaVersion)
    {
        private readonly List<CdcEvent> _events = [];
        private long _sequence;

        public void Insert(long key, string value) => Add(ChangeKind.Insert, StorageValue.Null, key, value);

        public void Update(long oldKey, long newKey, string value) => Add(ChangeKind.Update, StorageValue.FromInteger(oldKey), newKey, value);

        public void Delete(long key) => Add(ChangeKind.Delete, StorageValue.FromInteger(key), key, "gone");

        public CdcEvent[] Take()
        {
            var taken = _events.ToArray();
            _events.Clear();
            return taken;
        }

        private void Add(ChangeKind kind, StorageValue oldKey, long key, string value)
        {
            StorageValue[] block = [oldKey, StorageValue.FromInteger(key), StorageValue.FromText(value)];
            _sequence++;
            _events.Add(new CdcEvent(_sequence, "t", kind, _sequence * 1000, schemaVersion, block, 0, 1, 2));
        }
    }
}
