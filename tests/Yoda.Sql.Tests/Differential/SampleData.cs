using System.Collections.Immutable;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Data.Sqlite;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Tests.Differential;

/// <summary>
/// The same rows as an OLAP table snapshot (three segments, one with deleted rows) and as a SQLite
/// table, so that SQLite can serve as the oracle.
/// </summary>
public sealed class SampleData : IDisposable
{
    private static readonly string[] Words = ["alpha", "Beta", "gamma", "", "délta", "Ωmega", "emoji😀", "ALPHA", "beta%", "a_b", "12", "3.5", " 7"];
    private static readonly string[] Groups = ["x", "y", "z"];

    public SampleData()
    {
        var random = new Random(42);
        var rows = Enumerable.Range(1, 600).Select(id => Row(id, random)).ToList();
        var segments = new List<Segment>();
        var live = new List<object?[]>();
        foreach (var (part, index) in rows.Chunk(200).Select((p, i) => (p, i)))
        {
            var batch = ToBatch(part);
            var deleted = index == 1 ? Enumerable.Range(0, part.Length).Where(r => r % 3 == 0).ToArray() : [];
            segments.Add(new Segment(batch, deleted.Length == 0 ? null : DeletionVector.Empty(part.Length).WithDeleted(deleted, part.Length)));
            live.AddRange(part.Where((_, r) => !deleted.Contains(r)));
        }

        var empty = new TableSnapshot("empty", Schema, []);
        Catalog = new CatalogSnapshot([new TableSnapshot("t", Schema, [.. segments]), empty]);
        Sqlite = new SqliteConnection("Data Source=:memory:");
        Sqlite.Open();
        Exec("CREATE TABLE t(id INTEGER, i32 INTEGER, i8 INTEGER, big INTEGER, d REAL, f REAL, s TEXT, b INTEGER, bin BLOB, g TEXT, u8 INTEGER)");
        Exec("CREATE TABLE empty(id INTEGER, i32 INTEGER, i8 INTEGER, big INTEGER, d REAL, f REAL, s TEXT, b INTEGER, bin BLOB, g TEXT, u8 INTEGER)");
        using var tx = Sqlite.BeginTransaction();
        foreach (var row in live)
        {
            using var insert = Sqlite.CreateCommand();
            insert.CommandText = "INSERT INTO t VALUES ($p0,$p1,$p2,$p3,$p4,$p5,$p6,$p7,$p8,$p9,$p10)";
            for (var c = 0; c < row.Length; c++)
            {
                insert.Parameters.AddWithValue($"$p{c}", row[c] switch
                {
                    null => DBNull.Value,
                    float f => (double)f,
                    bool b => b ? 1L : 0L,
                    var v => v,
                });
            }

            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public static Schema Schema { get; } = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("i32", Int32Type.Default, true),
        new Field("i8", Int8Type.Default, true),
        new Field("big", Int64Type.Default, true),
        new Field("d", DoubleType.Default, true),
        new Field("f", FloatType.Default, true),
        new Field("s", StringType.Default, true),
        new Field("b", BooleanType.Default, true),
        new Field("bin", BinaryType.Default, true),
        new Field("g", StringType.Default, true),
        new Field("u8", UInt8Type.Default, true),
    ], null);

    public CatalogSnapshot Catalog { get; }

    public SqliteConnection Sqlite { get; }

    public void Dispose() => Sqlite.Dispose();

    private void Exec(string sql)
    {
        using var command = Sqlite.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object?[] Row(int id, Random r)
    {
        bool Null() => r.Next(8) == 0;
        long[] extremes = [long.MaxValue, long.MinValue, 0, -1, 1, 4611686018427387904, -4611686018427387904];
        return
        [
            (long)id,
            Null() ? null : r.Next(-1000, 1000),
            Null() ? null : (sbyte)r.Next(-128, 128),
            Null() ? null : r.Next(4) == 0 ? extremes[r.Next(extremes.Length)] : r.NextInt64(-1_000_000_000_000, 1_000_000_000_000),
            Null() ? null : Math.Round((r.NextDouble() - 0.5) * 2000, r.Next(0, 4)),
            Null() ? null : (float)Math.Round(r.NextDouble() * 100, 2),
            Null() ? null : Words[r.Next(Words.Length)],
            Null() ? null : r.Next(2) == 0,
            Null() ? null : Encoding.UTF8.GetBytes(Words[r.Next(Words.Length)]),
            Null() ? null : Groups[r.Next(Groups.Length)],
            Null() ? null : (byte)r.Next(0, 256),
        ];
    }

    private static RecordBatch ToBatch(object?[][] rows)
    {
        IArrowArray Build<TBuilder>(TBuilder builder, int column, Action<TBuilder, object> append, Action<TBuilder> appendNull, Func<TBuilder, IArrowArray> build)
        {
            foreach (var row in rows)
            {
                if (row[column] is null)
                {
                    appendNull(builder);
                }
                else
                {
                    append(builder, row[column]!);
                }
            }

            return build(builder);
        }

        IArrowArray[] arrays =
        [
            Build(new Int64Array.Builder(), 0, (b, v) => b.Append((long)v), b => b.AppendNull(), b => b.Build()),
            Build(new Int32Array.Builder(), 1, (b, v) => b.Append((int)v), b => b.AppendNull(), b => b.Build()),
            Build(new Int8Array.Builder(), 2, (b, v) => b.Append((sbyte)v), b => b.AppendNull(), b => b.Build()),
            Build(new Int64Array.Builder(), 3, (b, v) => b.Append((long)v), b => b.AppendNull(), b => b.Build()),
            Build(new DoubleArray.Builder(), 4, (b, v) => b.Append((double)v), b => b.AppendNull(), b => b.Build()),
            Build(new FloatArray.Builder(), 5, (b, v) => b.Append((float)v), b => b.AppendNull(), b => b.Build()),
            Build(new StringArray.Builder(), 6, (b, v) => b.Append((string)v), b => b.AppendNull(), b => b.Build()),
            Build(new BooleanArray.Builder(), 7, (b, v) => b.Append((bool)v), b => b.AppendNull(), b => b.Build()),
            Build(new BinaryArray.Builder(), 8, (b, v) => b.Append((byte[])v), b => b.AppendNull(), b => b.Build()),
            Build(new StringArray.Builder(), 9, (b, v) => b.Append((string)v), b => b.AppendNull(), b => b.Build()),
            Build(new UInt8Array.Builder(), 10, (b, v) => b.Append((byte)v), b => b.AppendNull(), b => b.Build()),
        ];
        return new RecordBatch(Schema, arrays, rows.Length);
    }
}
