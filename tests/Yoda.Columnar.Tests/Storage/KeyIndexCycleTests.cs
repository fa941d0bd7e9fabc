using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck.Xunit;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>
/// A table's key index through writer cycles, against a plain <see cref="Dictionary{TKey, TValue}"/>
/// of key → row version: inserts (ascending new keys, as rowids arrive, and out-of-order ones),
/// updates (the row moves to the end), deletions, re-insertions of deleted keys, key changes,
/// several changes to one key in a cycle, and cycles that are discarded — before or after
/// <see cref="TableWriter.Prepare"/> — and must change nothing.
/// </summary>
public sealed class KeyIndexCycleTests
{
    private static readonly Schema KeyAndVersion = new([new Field("id", Int64Type.Default, false), new Field("version", Int64Type.Default, false)], null);

    [Property(MaxTest = 60)]
    public void Writer_cycles_keep_the_index_exactly_where_the_rows_are(int seed)
    {
        var random = new Random(seed);
        var table = new ColumnarTable("t", KeyAndVersion, segmentCapacity: 1 << random.Next(3, 9));
        var published = new Dictionary<long, long>();
        var deleted = new List<long>();
        var nextKey = random.NextInt64(-50, 50);
        long version = 0;
        for (var cycle = 0; cycle < 25; cycle++)
        {
            var staged = new Dictionary<long, long>(published);
            var writer = table.BeginWrite(random.Next(3) == 0 ? 0 : random.Next(1, 3_000));
            var changes = random.Next(random.Next(2) == 0 ? 5 : 400);
            for (var change = 0; change < changes; change++)
            {
                var roll = random.Next(100);
                if (roll < 50)
                {
                    var key = random.Next(8) == 0 ? random.NextInt64(nextKey - 100, nextKey) : nextKey += random.Next(4) == 0 ? 2 : 1;
                    Upsert(writer, staged, key, ++version);
                }
                else if (roll < 70 && staged.Count > 0)
                {
                    Upsert(writer, staged, staged.Keys.ElementAt(random.Next(staged.Count)), ++version);
                }
                else if (roll < 85 && staged.Count > 0)
                {
                    var key = staged.Keys.ElementAt(random.Next(staged.Count));
                    Delete(writer, staged, key);
                    deleted.Add(key);
                }
                else if (roll < 92 && deleted.Count > 0)
                {
                    Upsert(writer, staged, deleted[random.Next(deleted.Count)], ++version);
                }
                else if (staged.Count > 0)
                {
                    var oldKey = staged.Keys.ElementAt(random.Next(staged.Count));
                    var newKey = random.Next(2) == 0 ? nextKey += 1 : random.NextInt64(nextKey - 100, nextKey);
                    Delete(writer, staged, oldKey);
                    deleted.Add(oldKey);
                    Upsert(writer, staged, newKey, ++version);
                }
            }

            AssertFinds(writer, staged, nextKey);
            switch (random.Next(6))
            {
                case 0:
                    writer.Dispose();
                    break;
                case 1:
                    writer.Prepare();
                    writer.Dispose();
                    break;
                default:
                    writer.Commit();
                    published = staged;
                    break;
            }

            Assert.Equal(published.Count, table.KeyCount);
            using var reader = table.BeginWrite();
            AssertFinds(reader, published, nextKey);
            Assert.Equal(published.Keys.Order(), table.PublishedIndex.Keys.Select(k => k.TryGetInteger(out var value) ? value : long.MinValue).Order());
        }
    }

    /// <summary>An insert or an update as the destructive merge stages it: the old row deleted, the new one appended.</summary>
    private static void Upsert(TableWriter writer, Dictionary<long, long> staged, long key, long version)
    {
        if (writer.TryFind(RowKey.FromInteger(key), out var old))
        {
            writer.Delete(old);
        }

        writer.SetKey(RowKey.FromInteger(key), writer.Append([key, version]));
        staged[key] = version;
    }

    private static void Delete(TableWriter writer, Dictionary<long, long> staged, long key)
    {
        Assert.True(writer.TryFind(RowKey.FromInteger(key), out var position));
        writer.Delete(position);
        writer.RemoveKey(RowKey.FromInteger(key));
        staged.Remove(key);
    }

    /// <summary>Every key of <paramref name="expected"/> finds its row's current version; keys around them that are absent find nothing.</summary>
    private static void AssertFinds(TableWriter writer, Dictionary<long, long> expected, long nextKey)
    {
        foreach (var (key, version) in expected)
        {
            Assert.True(writer.TryFind(RowKey.FromInteger(key), out var position), $"key {key}");
            Assert.Equal<object?[]>([key, version], writer.ReadRow(position));
        }

        for (var key = nextKey - 120; key <= nextKey + 2; key++)
        {
            Assert.Equal(expected.ContainsKey(key), writer.TryFind(RowKey.FromInteger(key), out _));
        }
    }
}
