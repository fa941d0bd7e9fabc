using FsCheck.Xunit;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Operators;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>
/// <see cref="JoinInput.Read"/>: the selected rows of every chunk, in selection order, whether a chunk selects every
/// row in order (kept without a copy), all of them in another order, or some; serially and through morsels; the
/// bytes counted against the query's memory the same either way.
/// </summary>
public sealed class JoinInputTests
{
    private static readonly ValueKind[] Kinds = [ValueKind.Integer, ValueKind.Real, ValueKind.Text];

    [Property(MaxTest = 40)]
    public void Reading_gives_each_chunks_selected_rows_in_selection_order(int seed)
    {
        var chunks = RandomChunks(new Random(seed));
        var expected = chunks.SelectMany(c => c.Selection.Select(row => Row(c.Columns, row))).ToList();
        foreach (var morsels in new[] { false, true })
        {
            foreach (var degree in new[] { 1, 2, 8 })
            {
                var memory = new QueryMemory(null);
                var rows = JoinInput.Read(new ChunksOperator(chunks, morsels), degree, memory, default);
                var columns = rows.ToColumns();
                Assert.Equal(expected, Enumerable.Range(0, rows.RowCount).Select(row => Row(columns, row)).ToList());
                Assert.Equal(chunks.Sum(QueryMemory.BytesOf), rows.Bytes);
                Assert.Equal(rows.Bytes, memory.UsedBytes);
            }
        }
    }

    /// <summary>Chunks of 1–50 rows with NULLs now and then, each selecting every row in order, every row in reverse, or some rows.</summary>
    private static List<Chunk> RandomChunks(Random random)
    {
        var chunks = new List<Chunk>();
        for (var c = random.Next(1, 8); c > 0; c--)
        {
            var length = random.Next(1, 50);
            var (longs, doubles, texts) = (new long[length], new double[length], new string[length]);
            var nulls = Enumerable.Range(0, 3).Select(_ => random.Next(2) == 0 ? null : new bool[length]).ToArray();
            for (var row = 0; row < length; row++)
            {
                (longs[row], doubles[row], texts[row]) = (random.Next(-100, 100), random.Next(-100, 100) / 4.0, "t" + random.Next(100));
                foreach (var column in nulls.Where(n => n is not null))
                {
                    column![row] = random.Next(5) == 0;
                }
            }

            ColumnVector[] columns = [ColumnVector.OfLongs(longs, nulls[0]), ColumnVector.OfDoubles(doubles, nulls[1]), ColumnVector.OfTexts(texts, nulls[2])];
            var selection = random.Next(3) switch
            {
                0 => Chunk.AllRows(length),
                1 => Enumerable.Range(0, length).Reverse().ToArray(),
                _ => Enumerable.Range(0, length).Where(_ => random.Next(2) == 0).ToArray(),
            };
            chunks.Add(new Chunk(columns, length, selection));
        }

        return chunks;
    }

    private static string Row(ColumnVector[] columns, int row) => string.Join("|", columns.Select(c => c.GetValue(row) ?? "NULL"));

    /// <summary>Replays chunks; through morsels (two chunks each) when <paramref name="morsels"/>.</summary>
    private sealed class ChunksOperator(List<Chunk> chunks, bool morsels) : PhysicalOperator
    {
        public override IReadOnlyList<ValueKind> OutputKinds => Kinds;

        public override IReadOnlyList<PhysicalOperator> Children => [];

        public override string Describe() => "Chunks";

        public override IEnumerable<Chunk> Execute(CancellationToken ct) => chunks;

        public override MorselSource? OpenMorsels(CancellationToken ct) =>
            morsels ? new MorselSource((chunks.Count + 1) / 2, (m, _) => chunks.Skip(2 * m).Take(2)) : null;
    }
}
