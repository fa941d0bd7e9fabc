using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Yoda.Testing.Histories;

/// <summary>One step of a write history.</summary>
public abstract record HistoryStep;

/// <summary>A single write statement. A constraint violation is allowed: SQLite rolls the statement back and nothing is captured.</summary>
public sealed record WriteStep(string Sql) : HistoryStep
{
    public override string ToString() => Sql + ";";
}

/// <summary>Statements run by <c>ExecuteBatchAsync</c> whose last statement fails, so the whole batch rolls back.</summary>
public sealed record RolledBackBatchStep(IReadOnlyList<string> Statements) : HistoryStep
{
    public const string FailingStatement = "INSERT INTO _yoda_no_such_table VALUES (1)";

    public override string ToString() => $"-- rolled back: BEGIN; {string.Join("; ", Statements)}; {FailingStatement}; ROLLBACK;";
}

/// <summary>One <c>SyncNowAsync</c> call, or (<see cref="Drain"/>) calls until the lag is 0.</summary>
public sealed record SyncStep(bool Drain) : HistoryStep
{
    public override string ToString() => Drain ? "-- sync until lag 0" : "-- sync once";
}

/// <summary><c>AddColumnAsync</c>: a new nullable column; later writes fill it.</summary>
public sealed record AddColumnStep(GeneratedColumn Column) : HistoryStep
{
    public override string ToString() => $"-- AddColumnAsync(\"{Column.Name}\", \"{Column.Type.Name}\")";
}

/// <summary><c>DropColumnAsync</c> of a column that is not part of the key.</summary>
public sealed record DropColumnStep(string Column) : HistoryStep
{
    public override string ToString() => $"-- DropColumnAsync(\"{Column}\")";
}

/// <summary>Disposes the engine and opens it again on the same file (unsynced events included).</summary>
public sealed record ReopenStep : HistoryStep
{
    public override string ToString() => "-- reopen the engine";
}

/// <summary>A generated history: an empty table, the sync configuration and the steps.</summary>
public sealed record History(GeneratedTable Table, SyncMode Mode, int SyncBatchSize, IReadOnlyList<HistoryStep> Steps)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"-- SyncMode.{Mode}, SyncBatchSize = {SyncBatchSize}");
        sb.AppendLine(Table.CreateTableSql() + ";");
        sb.AppendLine("-- register: " + Table.RegistrationSource());
        foreach (var step in Steps)
        {
            sb.AppendLine(step.ToString());
        }

        return sb.ToString();
    }

    /// <summary>
    /// Shorter histories: without the second half, without the first half, then one step less.
    /// Schema changes stay (later writes name the columns they add or leave out) unless every step
    /// after them is gone.
    /// </summary>
    public IEnumerable<History> Shrink()
    {
        if (Steps.Count > 1)
        {
            yield return this with { Steps = Without(Steps.Count / 2, Steps.Count) };
            yield return this with { Steps = Without(0, Steps.Count / 2) };
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i] is not (AddColumnStep or DropColumnStep) || i == Steps.Count - 1)
            {
                yield return this with { Steps = Without(i, i + 1) };
            }
        }

        if (SyncBatchSize != 1000)
        {
            yield return this with { SyncBatchSize = 1000 };
        }
    }

    // The steps without [from, to), except the schema changes in it that later kept steps depend on.
    private List<HistoryStep> Without(int from, int to)
    {
        var lastKept = to < Steps.Count ? Steps.Count - 1 : from - 1;
        return Steps.Where((step, i) => i < from || i >= to || (step is AddColumnStep or DropColumnStep && i < lastKept)).ToList();
    }
}

/// <summary>Generators of write histories.</summary>
public static class HistoryGen
{
    /// <summary>
    /// A history over a generated table: inserts, updates (also of key columns), deletes, rolled-back
    /// batches and syncs; with <paramref name="schemaChanges"/> also <c>AddColumnAsync</c> (of up to
    /// two new columns) and <c>DropColumnAsync</c>; with <paramref name="reopens"/> also reopening
    /// the engine.
    /// </summary>
    public static Gen<History> History(SyncMode mode, DataOptions? options = null, int maxSteps = 30, bool schemaChanges = true, bool reopens = true)
    {
        options ??= new DataOptions { MaxColumns = 4 };
        var o = options;
        var later = new DataOptions { Types = o.Types, MinColumns = 1, MaxColumns = 2, PrimaryKeyWeight = 0 };
        return Gen.Sized(size =>
            from schema in DataGen.Schema("t", o)
            from extra in DataGen.Schema("x", later)
            let added = extra.Columns.Select((c, i) => c with { Name = "n" + i, Nullable = true }).ToList()
            let wide = schema with { Columns = [.. schema.Columns, .. added] }
            from rows in DataGen.RowGen(wide, o).ArrayOf(24)
            from batch in Gen.Elements(1, 2, 3, 5, 1000)
            from seed in Gen.Choose(0, int.MaxValue)
            select new History(schema, mode, batch,
                new StepWriter(schema, schemaChanges ? added : [], rows, new Random(seed)).Steps(Math.Min(maxSteps, 3 + size), reopens)));
    }

    private static readonly object[] IntKeys = [1L, 2L, 3L, 4L, 5L, 6L];
    private static readonly object[] TextKeys = ["a", "b", "A", "é", "", "日", "a\0b"];

    /// <summary>
    /// Writes steps against the table's columns as they are at each step. Pool rows hold a value for
    /// every column the history may ever have (the table's, then the ones it adds).
    /// </summary>
    private sealed class StepWriter(GeneratedTable t, List<GeneratedColumn> toAdd, object?[][] pool, Random r)
    {
        private readonly List<GeneratedColumn> _wide = [.. t.Columns, .. toAdd];
        private readonly List<GeneratedColumn> _columns = t.Columns.ToList();
        private readonly Queue<GeneratedColumn> _pending = new(toAdd);
        private readonly int _keyCount = t.PrimaryKey.Count;

        public List<HistoryStep> Steps(int count, bool reopens)
        {
            var steps = new List<HistoryStep>();
            for (var i = 0; i < count; i++)
            {
                var roll = r.Next(100);
                steps.Add(roll switch
                {
                    < 62 => new WriteStep(Write()),
                    < 70 => new RolledBackBatchStep(Enumerable.Range(0, 1 + r.Next(3)).Select(_ => Write()).ToList()),
                    < 80 => new SyncStep(false),
                    < 91 => new SyncStep(true),
                    < 94 when _pending.Count > 0 => Add(),
                    < 96 when _columns.Count > _keyCount + 1 => Drop(),
                    < 98 when reopens => new ReopenStep(),
                    _ => new SyncStep(true),
                });
            }

            return steps;
        }

        private AddColumnStep Add()
        {
            var column = _pending.Dequeue();
            _columns.Add(column);
            return new AddColumnStep(column);
        }

        private DropColumnStep Drop()
        {
            var column = _columns[_keyCount + r.Next(_columns.Count - _keyCount)];
            _columns.Remove(column);
            return new DropColumnStep(column.Name);
        }

        private object? PoolValue(object?[] row, GeneratedColumn column) => row[_wide.IndexOf(column)];

        private object?[] Row()
        {
            var source = pool[r.Next(pool.Length)];
            return _columns.Select((c, i) => i < _keyCount ? KeyValue(c.Type, r) : PoolValue(source, c)).ToArray();
        }

        private string Where()
        {
            var roll = r.Next(10);
            if (roll == 0)
            {
                return "";
            }

            if (roll <= 6)
            {
                return _keyCount > 0
                    ? " WHERE " + string.Join(" AND ", Enumerable.Range(0, _keyCount).Select(k => $"{_columns[k].Name} = {SqlLiteral.Render(KeyValue(_columns[k].Type, r))}"))
                    : $" WHERE rowid = {r.Next(1, 9)}";
            }

            var c = _columns[r.Next(_columns.Count)];
            var v = PoolValue(pool[r.Next(pool.Length)], c);
            return v is null ? $" WHERE {c.Name} IS NULL" : $" WHERE {c.Name} {(r.Next(2) == 0 ? "=" : "<")} {SqlLiteral.Render(v)}";
        }

        private string Write()
        {
            var roll = r.Next(10);
            var cols = string.Join(", ", _columns.Select(c => c.Name));
            if (roll < 5)
            {
                var n = 1 + r.Next(3);
                var values = string.Join(", ", Enumerable.Range(0, n).Select(_ => "(" + string.Join(", ", Row().Select(SqlLiteral.Render)) + ")"));
                var verb = _keyCount > 0 && r.Next(4) == 0 ? "INSERT OR REPLACE" : "INSERT";
                return $"{verb} INTO {t.Name} ({cols}) VALUES {values}";
            }

            if (roll < 8)
            {
                var i = r.Next(_columns.Count);
                var c = _columns[i];
                var value = i < _keyCount ? KeyValue(c.Type, r) : Row()[i];
                return $"UPDATE {t.Name} SET {c.Name} = {SqlLiteral.Render(value)}{Where()}";
            }

            return $"DELETE FROM {t.Name}{Where()}";
        }
    }

    private static object KeyValue(ColumnType type, Random r) =>
        type.Kind == ValueKind.Text ? TextKeys[r.Next(TextKeys.Length)] : IntKeys[r.Next(IntKeys.Length)];
}
