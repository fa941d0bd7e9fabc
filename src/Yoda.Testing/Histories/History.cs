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

    /// <summary>Shorter histories: halves, then one step less.</summary>
    public IEnumerable<History> Shrink()
    {
        if (Steps.Count > 1)
        {
            yield return this with { Steps = Steps.Take(Steps.Count / 2).ToList() };
            yield return this with { Steps = Steps.Skip(Steps.Count / 2).ToList() };
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            var copy = Steps.ToList();
            copy.RemoveAt(i);
            yield return this with { Steps = copy };
        }

        if (SyncBatchSize != 1000)
        {
            yield return this with { SyncBatchSize = 1000 };
        }
    }
}

/// <summary>Generators of write histories.</summary>
public static class HistoryGen
{
    /// <summary>A history over a generated table: inserts, updates (also of key columns), deletes, rolled-back batches and syncs.</summary>
    public static Gen<History> History(SyncMode mode, DataOptions? options = null, int maxSteps = 30)
    {
        options ??= new DataOptions { MaxColumns = 4 };
        var o = options;
        return Gen.Sized(size =>
            from schema in DataGen.Schema("t", o)
            from rows in DataGen.RowGen(schema, o).ArrayOf(24)
            from batch in Gen.Elements(1, 2, 3, 5, 1000)
            from seed in Gen.Choose(0, int.MaxValue)
            select new History(schema, mode, batch, Steps(schema, rows, new Random(seed), Math.Min(maxSteps, 3 + size))));
    }

    private static readonly object[] IntKeys = [1L, 2L, 3L, 4L, 5L, 6L];
    private static readonly object[] TextKeys = ["a", "b", "A", "é", "", "日", "a\0b"];

    private static List<HistoryStep> Steps(GeneratedTable t, object?[][] pool, Random r, int count)
    {
        var keyCount = t.PrimaryKey.Count;
        object?[] Row()
        {
            var row = pool[r.Next(pool.Length)].ToArray();
            for (var k = 0; k < keyCount; k++)
            {
                row[k] = KeyValue(t.Columns[k].Type, r);
            }

            return row;
        }

        string Where()
        {
            var roll = r.Next(10);
            if (roll == 0)
            {
                return "";
            }

            if (roll <= 6)
            {
                return keyCount > 0
                    ? " WHERE " + string.Join(" AND ", Enumerable.Range(0, keyCount).Select(k => $"{t.Columns[k].Name} = {SqlLiteral.Render(KeyValue(t.Columns[k].Type, r))}"))
                    : $" WHERE rowid = {r.Next(1, 9)}";
            }

            var c = t.Columns[r.Next(t.Columns.Count)];
            var v = pool[r.Next(pool.Length)][t.Columns.ToList().IndexOf(c)];
            return v is null ? $" WHERE {c.Name} IS NULL" : $" WHERE {c.Name} {(r.Next(2) == 0 ? "=" : "<")} {SqlLiteral.Render(v)}";
        }

        string Write()
        {
            var roll = r.Next(10);
            var cols = string.Join(", ", t.Columns.Select(c => c.Name));
            if (roll < 5)
            {
                var n = 1 + r.Next(3);
                var values = string.Join(", ", Enumerable.Range(0, n).Select(_ => "(" + string.Join(", ", Row().Select(SqlLiteral.Render)) + ")"));
                var verb = keyCount > 0 && r.Next(4) == 0 ? "INSERT OR REPLACE" : "INSERT";
                return $"{verb} INTO {t.Name} ({cols}) VALUES {values}";
            }

            if (roll < 8)
            {
                var i = r.Next(t.Columns.Count);
                var c = t.Columns[i];
                var value = i < keyCount ? KeyValue(c.Type, r) : Row()[i];
                return $"UPDATE {t.Name} SET {c.Name} = {SqlLiteral.Render(value)}{Where()}";
            }

            return $"DELETE FROM {t.Name}{Where()}";
        }

        var steps = new List<HistoryStep>();
        for (var i = 0; i < count; i++)
        {
            var roll = r.Next(100);
            steps.Add(roll switch
            {
                < 65 => new WriteStep(Write()),
                < 73 => new RolledBackBatchStep(Enumerable.Range(0, 1 + r.Next(3)).Select(_ => Write()).ToList()),
                < 83 => new SyncStep(false),
                _ => new SyncStep(true),
            });
        }

        return steps;
    }

    private static object KeyValue(ColumnType type, Random r) =>
        type.Kind == ValueKind.Text ? TextKeys[r.Next(TextKeys.Length)] : IntKeys[r.Next(IntKeys.Length)];
}
