namespace Yoda.Columnar.Execution;

/// <summary>
/// A batch of rows flowing between operators: column vectors indexed by physical row plus a
/// selection vector naming the live rows in order. Filters narrow the selection instead of copying.
/// </summary>
public sealed class Chunk
{
    /// <summary>Rows per chunk read from storage.</summary>
    public const int Capacity = 4096;

    private static readonly int[] Identity = Enumerable.Range(0, Capacity).ToArray();

    public Chunk(ColumnVector[] columns, int physicalLength, int[] selection)
    {
        Columns = columns;
        PhysicalLength = physicalLength;
        Selection = selection;
    }

    public ColumnVector[] Columns { get; }

    public int PhysicalLength { get; }

    /// <summary>The selected physical rows, ascending or in output order; its length is the row count.</summary>
    public int[] Selection { get; }

    public int RowCount => Selection.Length;

    /// <summary>A chunk whose selection is every physical row.</summary>
    public static Chunk Dense(ColumnVector[] columns, int length) => new(columns, length, AllRows(length));

    /// <summary>The positions 0 .. <paramref name="length"/> - 1 (at most <see cref="Capacity"/>), without allocating.</summary>
    public static ReadOnlySpan<int> FirstRows(int length) => Identity.AsSpan(0, length);

    /// <summary>
    /// Whether <paramref name="rows"/> are consecutive positions <c>rows[0], rows[0] + 1, …</c> within a chunk (a stored
    /// chunk's whole selection, or a run of it): a kernel may then read the values as one span. Free for a view of the
    /// shared identity selection (the comparison stops at the same reference); one vectorised compare otherwise.
    /// </summary>
    public static bool AreConsecutive(ReadOnlySpan<int> rows) =>
        rows.Length > 0 && rows[0] >= 0 && rows[0] <= Capacity - rows.Length && rows.SequenceEqual(Identity.AsSpan(rows[0], rows.Length));

    public static int[] AllRows(int length) => length == Capacity ? Identity : length < Capacity ? Identity[..length] : Enumerable.Range(0, length).ToArray();

    public Chunk WithSelection(int[] selection) => new(Columns, PhysicalLength, selection);

    public Chunk WithColumns(ColumnVector[] columns) => new(columns, PhysicalLength, Selection);
}
