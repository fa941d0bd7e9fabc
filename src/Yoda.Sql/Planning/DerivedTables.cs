using Apache.Arrow;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Storage;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>Runs the plan of a subquery in FROM, a CTE or a view into an in-memory table that scans like a stored one.</summary>
internal static class DerivedTables
{
    /// <summary>
    /// Runs the plan into a table, kept to the end of the statement and counted against its memory;
    /// what the plan's operators counted while running is given back once the rows are written.
    /// </summary>
    public static DerivedTable Materialize(PhysicalPlan plan, string name, IReadOnlyList<string> columnNames, CancellationToken ct)
    {
        try
        {
            return FromChunks(plan, name, columnNames, CompoundPlanner.WithSubqueryAffinities(plan).Root.Execute(ct), ct, plan.Memory?.Statement);
        }
        finally
        {
            plan.Memory?.ReleaseAll();
        }
    }

    /// <summary>The chunks as a table; its rows count against <paramref name="keptIn"/> when given (never given back: the statement keeps the table).</summary>
    public static DerivedTable FromChunks(PhysicalPlan plan, string name, IReadOnlyList<string> columnNames, IEnumerable<Chunk> chunks, CancellationToken ct, QueryMemory? keptIn = null)
    {
        var (schema, batches) = RecordBatchWriter.WriteWithSchema(SchemaOf(plan, name, columnNames), plan.Kinds, chunks, ct, keptIn, keepClasses: true);
        var snapshot = new TableSnapshot(name, schema, [.. batches.Select(b => new Segment(b, null))]);
        return new DerivedTable(snapshot, plan.Columns.Select(c => c.Affinity).ToList(), plan.Columns.Select(c => c.Collation).ToList());
    }

    /// <summary>
    /// A subquery in FROM that reads an enclosing query's columns: an empty snapshot for its schema, its rows computed when scanned.
    /// Values read through a column keep their class but under REAL affinity (SQLite's OP_RealAffinity; see
    /// <see cref="CompoundPlanner.WithSubqueryAffinities"/>); INTEGER and NUMERIC affinity convert nothing on reading.
    /// </summary>
    public static DerivedTable Correlated(PhysicalPlan plan, CorrelationFrame frame, string name, IReadOnlyList<string> columnNames) =>
        new(new TableSnapshot(name, SchemaOf(plan, name, columnNames), []), plan.Columns.Select(c => c.Affinity).ToList(), plan.Columns.Select(c => c.Collation).ToList())
        {
            Correlated = new CorrelatedSource(CompoundPlanner.WithSubqueryAffinities(plan), frame),
        };

    /// <summary>
    /// The table's columns: the given names, else the query's, with SQLite's ":N" suffix on repeated
    /// names. A column whose type varies per row is a <see cref="DynamicArrowColumn"/> (materialized
    /// rows narrow it to one Arrow type where the values have one storage class).
    /// </summary>
    public static Schema SchemaOf(PhysicalPlan plan, string name, IReadOnlyList<string> columnNames)
    {
        if (columnNames.Count > 0 && columnNames.Count != plan.Columns.Count)
        {
            throw new YodaException($"table {name} has {plan.Columns.Count} values for {columnNames.Count} columns");
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<Field>();
        for (var i = 0; i < plan.Columns.Count; i++)
        {
            var column = columnNames.Count > 0 ? columnNames[i] : plan.Columns[i].Name;
            var unique = column;
            for (var n = 1; !used.Add(unique); n++)
            {
                unique = $"{column}:{n}";
            }

            fields.Add(new Field(unique, plan.Kinds[i] == ValueKind.Dynamic ? DynamicArrowColumn.Type : plan.Columns[i].ArrowType, nullable: true));
        }

        return new Schema(fields, null);
    }
}
