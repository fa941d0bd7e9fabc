using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>Tables of many small segments (so that queries split into many morsels) and helpers to run a plan at several degrees of parallelism.</summary>
internal static class ParallelTables
{
    public static readonly Schema Schema = new(
        [
            new Field("k", Int64Type.Default, true),
            new Field("i", Int64Type.Default, true),
            new Field("r", DoubleType.Default, true),
            new Field("s", StringType.Default, true),
        ],
        null);

    /// <summary>A segment of <paramref name="rows"/> rows of <see cref="Schema"/>, the values of row n from <paramref name="row"/>(n); nothing deleted.</summary>
    public static Segment SegmentOf(int rows, Func<int, (long K, long I, double R, string S)> row)
    {
        var (k, i, r, s) = (new Int64Array.Builder(), new Int64Array.Builder(), new DoubleArray.Builder(), new StringArray.Builder());
        for (var n = 0; n < rows; n++)
        {
            var values = row(n);
            k.Append(values.K);
            i.Append(values.I);
            r.Append(values.R);
            s.Append(values.S);
        }

        return new Segment(new RecordBatch(Schema, [k.Build(), i.Build(), r.Build(), s.Build()], rows), null);
    }

    /// <summary>
    /// Random rows from <paramref name="seed"/>: k a small key, i integers (huge ones when
    /// <paramref name="huge"/>, so that running sums may overflow), r reals, s short texts, each
    /// NULL now and then; segments of random sizes with some rows deleted.
    /// </summary>
    public static TableSnapshot Random(int seed, int segments, bool huge)
    {
        var random = new Random(seed);
        var list = new List<Segment>();
        for (var s = 0; s < segments; s++)
        {
            var rows = random.Next(1, 300);
            var (k, i, r, t) = (new Int64Array.Builder(), new Int64Array.Builder(), new DoubleArray.Builder(), new StringArray.Builder());
            for (var row = 0; row < rows; row++)
            {
                AppendOrNull(k, random, random.Next(0, 25));
                AppendOrNull(i, random, huge ? random.NextInt64(long.MinValue / 4, long.MaxValue / 4) * random.Next(0, 5) : random.Next(-1000, 1000));
                if (random.Next(10) == 0)
                {
                    r.AppendNull();
                }
                else
                {
                    r.Append(random.Next(3) == 0 ? -0.0 : Math.Round(random.NextDouble() * 1e6, random.Next(0, 4)) - 3e5);
                }

                if (random.Next(10) == 0)
                {
                    t.AppendNull();
                }
                else
                {
                    t.Append(((char)('a' + random.Next(0, 6))).ToString() + random.Next(0, 4));
                }
            }

            var deleted = random.Next(3) == 0 ? DeletionVector.Empty(rows).WithDeleted(Enumerable.Range(0, rows).Where(_ => random.Next(4) == 0), rows) : null;
            list.Add(new Segment(new RecordBatch(Schema, [k.Build(), i.Build(), r.Build(), t.Build()], rows), deleted));
        }

        return new TableSnapshot("t", Schema, [.. list]);
    }

    /// <summary>The rows of a plan's output, values boxed; reals as their bits so that -0.0 and 0.0 differ.</summary>
    public static List<string> Rows(PhysicalOperator op, CancellationToken ct = default)
    {
        var rows = new List<string>();
        foreach (var chunk in op.Execute(ct))
        {
            foreach (var row in chunk.Selection)
            {
                rows.Add(string.Join("|", chunk.Columns.Select(c => c.GetValue(row) switch
                {
                    null => "NULL",
                    double d => $"R{BitConverter.DoubleToInt64Bits(d)}",
                    var v => v.ToString(),
                })));
            }
        }

        return rows;
    }

    /// <summary>The output rows, or the error message, of the plan built for each degree.</summary>
    public static IReadOnlyList<string> AtDegrees(Func<int, PhysicalOperator> plan, params int[] degrees) =>
        degrees.Select(d =>
        {
            try
            {
                return string.Join("\n", Rows(plan(d)));
            }
            catch (YodaException e)
            {
                return $"error: {e.Message}";
            }
        }).ToList();

    private static void AppendOrNull(Int64Array.Builder builder, Random random, long value)
    {
        if (random.Next(10) == 0)
        {
            builder.AppendNull();
        }
        else
        {
            builder.Append(value);
        }
    }
}
