using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck.Xunit;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Storage;

/// <summary>Random inserts, updates and deletes by key with compactions in between, against a dictionary.</summary>
public class CompactionProperties
{
    private static readonly Schema Schema = new([new Field("id", Int64Type.Default, false), new Field("v", StringType.Default, true)], null);

    private static List<string> Live(TableSnapshot snapshot) =>
        snapshot.Segments.SelectMany(s => Enumerable.Range(0, s.RowCount).Where(s.IsLive)
            .Select(r => $"{ArrowValues.Get(s.Batch.Column(0), r)}:{ArrowValues.Get(s.Batch.Column(1), r)}")).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Each number is one step: its value mod 6 picks insert-or-update, update, delete, commit,
    /// compact (after a commit), or compact with a held snapshot checked; the rest picks the key.
    /// </summary>
    [Property(MaxTest = 200)]
    public void Tables_hold_the_models_rows_and_keys_through_compactions(int[] steps)
    {
        var table = new ColumnarTable("t", Schema, segmentCapacity: 4);
        var model = new Dictionary<long, string>();
        var writer = table.BeginWrite();
        for (var i = 0; i < steps.Length; i++)
        {
            var step = Math.Abs(steps[i] % 6);
            var key = (long)Math.Abs(steps[i] / 6 % 16);
            var rowKey = RowKey.FromInteger(key);
            switch (step)
            {
                case 0 or 1 when step == 0 || model.ContainsKey(key):
                    if (writer.TryFind(rowKey, out var old))
                    {
                        writer.Delete(old);
                    }

                    model[key] = $"s{i}";
                    writer.SetKey(rowKey, writer.Append([key, model[key]]));
                    break;
                case 2 when model.Remove(key):
                    Assert.True(writer.TryFind(rowKey, out var deleted));
                    writer.Delete(deleted);
                    writer.RemoveKey(rowKey);
                    break;
                case 3 or 4 or 5:
                    writer.Commit();
                    Check(table, model);
                    if (step >= 4)
                    {
                        var held = table.Current;
                        var rows = Live(held);
                        table.Compact(step == 4 ? 0 : 0.5, 1 + (int)(key % 3));
                        Assert.Equal(rows, Live(held));
                        Check(table, model);
                    }

                    writer = table.BeginWrite();
                    break;
            }
        }

        writer.Commit();
        table.Compact(0, int.MaxValue);
        Check(table, model);
        Assert.All(table.Current.Segments.SkipLast(1), s => Assert.Null(s.Deleted));
    }

    private static void Check(ColumnarTable table, Dictionary<long, string> model)
    {
        Assert.Equal(model.Select(e => $"{e.Key}:{e.Value}").Order(StringComparer.Ordinal), Live(table.Current));
        using var reader = table.BeginWrite();
        foreach (var (key, value) in model)
        {
            Assert.True(reader.TryFind(RowKey.FromInteger(key), out var position));
            Assert.Equal([key, value], reader.ReadRow(position));
        }
    }
}
