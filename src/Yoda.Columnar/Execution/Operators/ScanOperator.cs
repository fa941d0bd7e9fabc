using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>Reads the listed columns of a table snapshot in chunks; deleted rows are left out of each chunk's selection.</summary>
public sealed class ScanOperator(TableSnapshot table, IReadOnlyList<int> columns) : PhysicalOperator
{
    public override IReadOnlyList<ValueKind> OutputKinds { get; } =
        columns.Select(c => ArrowColumnReader.KindOf(table.Schema.FieldsList[c].DataType)).ToArray();

    public override IReadOnlyList<PhysicalOperator> Children => [];

    public override string Describe() =>
        $"Scan {table.Name} [{string.Join(", ", columns.Select(c => table.Schema.FieldsList[c].Name))}]";

    public override IEnumerable<Chunk> Execute(CancellationToken ct)
    {
        foreach (var segment in table.Segments)
        {
            for (var start = 0; start < segment.RowCount; start += Chunk.Capacity)
            {
                ct.ThrowIfCancellationRequested();
                var length = Math.Min(Chunk.Capacity, segment.RowCount - start);
                var selection = LiveRows(segment, start, length);
                if (selection.Length == 0)
                {
                    continue;
                }

                var vectors = columns.Select(c => ArrowColumnReader.Read(segment.Batch.Column(c), start, length)).ToArray();
                yield return new Chunk(vectors, length, selection);
            }
        }
    }

    private static int[] LiveRows(Segment segment, int start, int length)
    {
        if (segment.Deleted is null)
        {
            return Chunk.AllRows(length);
        }

        var live = new List<int>(length);
        for (var i = 0; i < length; i++)
        {
            if (!segment.Deleted.IsDeleted(start + i))
            {
                live.Add(i);
            }
        }

        return [.. live];
    }
}
