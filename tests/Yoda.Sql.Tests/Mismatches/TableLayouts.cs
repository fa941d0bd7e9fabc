using Apache.Arrow;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Tests.Mismatches;

/// <summary>
/// Layouts for <see cref="ScriptOracle"/>: a loaded table (one segment) cut into several segments,
/// whose arrays are slices with offsets, some rows marked deleted by deletion vectors.
/// </summary>
internal static class TableLayouts
{
    /// <summary>The table cut into segments of <paramref name="rowsPerSegment"/> rows (the last may be shorter; none for no rows).</summary>
    public static TableSnapshot Every(TableSnapshot table, int rowsPerSegment, IReadOnlySet<int>? deleted = null)
    {
        if (table.Segments.Length == 0)
        {
            return table;
        }

        var rows = table.Segments.Single().Batch.Length;
        var cuts = new List<int>();
        for (var from = 0; from < rows; from += rowsPerSegment)
        {
            cuts.Add(from);
        }

        if (cuts.Count > 0)
        {
            cuts.Add(rows);
        }

        return Cut(table, cuts, deleted);
    }

    /// <summary>
    /// An oracle over <paramref name="script"/> whose tables are cut into segments of a random size (a few rows, hundreds,
    /// or more than a chunk); half the time a random sixth of table t's rows (ids 0 .. <paramref name="rows"/> − 1 at
    /// positions 0 .. rows − 1) is deleted, in SQLite by a DELETE and in Yoda by deletion vectors. Other tables lose no
    /// rows: a deletion vector marks positions, which match t's ids only.
    /// </summary>
    public static ScriptOracle RandomlyCutWithDeletes(Random random, string script, int rows)
    {
        var deleted = random.Next(0, 2) == 0 ? [] : Enumerable.Range(0, rows).Where(_ => random.Next(0, 6) == 0).ToHashSet();
        var segmentRows = random.Next(0, 3) switch { 0 => random.Next(1, 80), 1 => random.Next(200, 2_000), _ => random.Next(4_100, 6_000) };
        return new ScriptOracle(
            script,
            table => Every(table, segmentRows, table.Name == "t" ? deleted : null),
            deleted.Count == 0 ? null : $"DELETE FROM t WHERE id IN ({string.Join(", ", deleted)});");
    }

    /// <summary>
    /// The table cut at the row positions <paramref name="cuts"/> (the first 0, the last the row
    /// count), the rows at the positions in <paramref name="deleted"/> marked deleted.
    /// </summary>
    public static TableSnapshot Cut(TableSnapshot table, IReadOnlyList<int> cuts, IReadOnlySet<int>? deleted = null)
    {
        var batch = table.Segments.Single().Batch;
        var segments = new List<Segment>();
        for (var c = 0; c + 1 < cuts.Count; c++)
        {
            var (from, length) = (cuts[c], cuts[c + 1] - cuts[c]);
            var slice = new RecordBatch(batch.Schema, Enumerable.Range(0, batch.ColumnCount).Select(i => ArrowArrayFactory.Slice(batch.Column(i), from, length)), length);
            var dead = deleted is null ? [] : Enumerable.Range(0, length).Where(i => deleted.Contains(from + i)).ToList();
            segments.Add(new Segment(slice, dead.Count == 0 ? null : DeletionVector.Empty(length).WithDeleted(dead, length)));
        }

        return new TableSnapshot(table.Name, table.Schema, [.. segments]);
    }
}
