using System.Collections.Immutable;
using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Execution.Operators;
using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Tests.Execution;

public sealed class OperatorTests
{
    private static readonly Schema Schema = new([new Field("k", Int64Type.Default, true), new Field("v", DoubleType.Default, true)], null);

    /// <summary>Two segments: k = 0..9999 with v = k / 2 (NULL for k % 10 == 0); every third row of the second segment deleted.</summary>
    private static TableSnapshot Table()
    {
        Segment Build(int from, int count, DeletionVector? deleted)
        {
            var k = new Int64Array.Builder();
            var v = new DoubleArray.Builder();
            for (var i = from; i < from + count; i++)
            {
                k.Append(i);
                if (i % 10 == 0)
                {
                    v.AppendNull();
                }
                else
                {
                    v.Append(i / 2.0);
                }
            }

            return new Segment(new RecordBatch(Schema, [k.Build(), v.Build()], count), deleted);
        }

        var deleted = DeletionVector.Empty(5000).WithDeleted(Enumerable.Range(0, 5000).Where(r => r % 3 == 0), 5000);
        return new TableSnapshot("t", Schema, [Build(0, 5000, null), Build(5000, 5000, deleted)]);
    }

    private static List<object?[]> Rows(PhysicalOperator op)
    {
        var rows = new List<object?[]>();
        foreach (var chunk in op.Execute(default))
        {
            rows.AddRange(chunk.Selection.Select(i => chunk.Columns.Select(c => c.GetValue(i)).ToArray()));
        }

        return rows;
    }

    private static IEnumerable<long> LiveKeys() => Enumerable.Range(0, 10_000).Where(k => k < 5000 || (k - 5000) % 3 != 0).Select(k => (long)k);

    [Fact]
    public void Scan_skips_deleted_rows()
    {
        var rows = Rows(new ScanOperator(Table(), [0]));
        Assert.Equal(LiveKeys(), rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public void Filter_narrows_the_selection()
    {
        var predicate = new ComparisonExpression(ComparisonOperator.Greater, new ColumnExpression(1, ValueKind.Real), new ConstantExpression(ValueKind.Real, 4990.0));
        var rows = Rows(new FilterOperator(new ScanOperator(Table(), [0, 1]), predicate, "v > 4990"));
        Assert.Equal(LiveKeys().Where(k => k % 10 != 0 && k / 2.0 > 4990), rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public void Hash_aggregate_groups_and_folds()
    {
        var scan = new ScanOperator(Table(), [0, 1]);
        var key = new ArithmeticExpression(ArithmeticOperator.Modulo, new ColumnExpression(0, ValueKind.Integer), new ConstantExpression(ValueKind.Integer, 3L));
        AggregateSpec[] specs =
        [
            new(AggregateFunction.CountStar, null, false),
            new(AggregateFunction.Count, new ColumnExpression(1, ValueKind.Real), false),
            new(AggregateFunction.Sum, new ColumnExpression(0, ValueKind.Integer), false),
            new(AggregateFunction.Max, new ColumnExpression(1, ValueKind.Real), false),
            new(AggregateFunction.Count, key, true),
        ];
        var rows = Rows(new HashAggregateOperator(scan, [key], specs, "agg")).OrderBy(r => (long)r[0]!).ToList();
        for (var g = 0L; g < 3; g++)
        {
            var keys = LiveKeys().Where(k => k % 3 == g).ToList();
            Assert.Equal(
                [g, (long)keys.Count, (long)keys.Count(k => k % 10 != 0), keys.Sum(), keys.Where(k => k % 10 != 0).Max() / 2.0, 1L],
                rows[(int)g]);
        }
    }

    [Fact]
    public void Aggregate_without_keys_has_one_row_over_no_input()
    {
        var none = new FilterOperator(new ScanOperator(Table(), [0]), new ConstantExpression(ValueKind.Integer, 0L), "false");
        AggregateSpec[] specs = [new(AggregateFunction.CountStar, null, false), new(AggregateFunction.Sum, new ColumnExpression(0, ValueKind.Integer), false), new(AggregateFunction.Total, new ColumnExpression(0, ValueKind.Integer), false)];
        Assert.Equal([[0L, null, 0.0]], Rows(new HashAggregateOperator(none, [], specs, "agg")));
    }

    [Fact]
    public void Sort_puts_nulls_first_ascending_and_top_n_matches_full_sort()
    {
        var scan = new ScanOperator(Table(), [0, 1]);
        var sorted = Rows(new SortOperator(scan, [new SortKey(1, false, true), new SortKey(0, true, true)], null, "v"));
        Assert.Null(sorted[0][1]);
        Assert.True((long)sorted[0][0]! > (long)sorted[1][0]!);
        var top = Rows(new LimitOperator(new SortOperator(scan, [new SortKey(1, true, false), new SortKey(0, false, false)], 12, "v"), 5, 7));
        Assert.Equal(sorted.Where(r => r[1] is not null).Reverse().Skip(7).Take(5).Select(r => r[0]), top.Select(r => r[0]));
    }

    [Fact]
    public void Limit_spans_chunks()
    {
        var rows = Rows(new LimitOperator(new ScanOperator(Table(), [0]), 3, 4095));
        Assert.Equal([4095L, 4096L, 4097L], rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public void Record_batches_keep_requested_arrow_types()
    {
        var schema = new Schema([new Field("k", Int16Type.Default, true), new Field("s", StringType.Default, true)], null);
        var chunk = Chunk.Dense([VectorBuilders.Longs(1, null, 3), VectorBuilders.Texts("a", "é", null)], 3);
        var batch = RecordBatchWriter.Write(schema, [ValueKind.Integer, ValueKind.Text], [chunk], default).Single();
        Assert.Equal((short)3, ((Int16Array)batch.Column(0)).GetValue(2));
        Assert.True(batch.Column(0).IsNull(1));
        Assert.Equal("é", ((StringArray)batch.Column(1)).GetString(1));
        Assert.True(batch.Column(1).IsNull(2));
    }

    [Theory]
    [InlineData(6)]       // one small chunk: gathered
    [InlineData(9_000)]   // a large chunk: written straight from the stored bytes
    [InlineData(140_000)] // a large chunk split into two batches
    public void Record_batches_hold_the_selected_rows_of_stored_text(int rows)
    {
        string?[] pool = ["a", null, "é", "", "long text ñ", "z"];
        var texts = Enumerable.Range(0, rows).Select(r => pool[r % pool.Length]).ToArray();
        var stored = ColumnVector.OfUtf8(VectorBuilders.Utf8Array(texts), 0, rows, Chunk.AllRows(rows), [.. texts.Select(t => t is null)], new TextDecoder());
        var numbers = VectorBuilders.Longs([.. Enumerable.Range(0, rows).Select(r => (long?)r)]);
        var selected = Enumerable.Range(0, rows).Where(r => r % 2 == 1).ToArray();
        var schema = new Schema([new Field("s", StringType.Default, true), new Field("n", Int64Type.Default, true)], null);

        var batches = RecordBatchWriter.Write(schema, [ValueKind.Text, ValueKind.Integer], [new Chunk([stored, numbers], rows, selected)], default);

        Assert.All(batches, b => Assert.InRange(b.Length, 1, RecordBatchWriter.MaxBatchRows));
        var strings = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => b.Column(0).IsNull(r) ? null : ((StringArray)b.Column(0)).GetString(r)));
        Assert.Equal(selected.Select(r => texts[r]), strings);
        Assert.Equal(selected.Select(r => (long?)r), batches.SelectMany(b => (Int64Array)b.Column(1)));
    }

    [Theory]
    [InlineData(9_000, 0)]
    [InlineData(140_000, 0)] // two batches: consecutive rows copied as blocks from rows 0 and 65,536
    [InlineData(140_000, 3)] // the vector starts inside its stored array
    public void Record_batches_of_consecutive_rows_hold_every_value_and_null(int rows, int start)
    {
        string?[] pool = ["a", null, "é", "", "long text ñ", "z", null];
        var all = Enumerable.Range(0, start + rows).Select(r => pool[r % pool.Length]).ToArray();
        var texts = all[start..];
        var stored = ColumnVector.OfUtf8(VectorBuilders.Utf8Array(all), start, rows, Chunk.AllRows(rows), [.. texts.Select(t => t is null)], new TextDecoder());
        var numbers = VectorBuilders.Longs([.. Enumerable.Range(0, rows).Select(r => r % 5 == 0 ? null : (long?)r)]);
        var reals = VectorBuilders.Doubles([.. Enumerable.Range(0, rows).Select(r => r % 3 == 0 ? null : (double?)r / 4)]);
        var schema = new Schema(
            [new Field("s", StringType.Default, true), new Field("n", Int64Type.Default, true), new Field("d", DoubleType.Default, true)], null);

        var batches = RecordBatchWriter.Write(schema, [ValueKind.Text, ValueKind.Integer, ValueKind.Real], [Chunk.Dense([stored, numbers, reals], rows)], default);

        var strings = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => b.Column(0).IsNull(r) ? null : ((StringArray)b.Column(0)).GetString(r)));
        Assert.Equal(texts, strings);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => r % 5 == 0 ? null : (long?)r), batches.SelectMany(b => (Int64Array)b.Column(1)));
        Assert.Equal(Enumerable.Range(0, rows).Select(r => r % 3 == 0 ? null : (double?)r / 4), batches.SelectMany(b => (DoubleArray)b.Column(2)));
    }

    [Fact]
    public void A_null_row_whose_stored_text_has_bytes_is_written_empty()
    {
        const int rows = 9_000;
        var texts = Enumerable.Range(0, rows).Select(r => "t" + r).ToArray();
        var nulls = Enumerable.Range(0, rows).Select(r => r % 4 == 1).ToArray();
        var stored = ColumnVector.OfUtf8(VectorBuilders.Utf8Array(texts), 0, rows, Chunk.AllRows(rows), nulls, new TextDecoder());
        var schema = new Schema([new Field("s", StringType.Default, true)], null);

        var column = (StringArray)RecordBatchWriter.Write(schema, [ValueKind.Text], [Chunk.Dense([stored], rows)], default).Single().Column(0);

        Assert.Equal(rows / 4, column.NullCount);
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(nulls[r] ? null : texts[r], column.IsNull(r) ? null : column.GetString(r));
            Assert.Equal(nulls[r] ? 0 : texts[r].Length, column.ValueOffsets[r + 1] - column.ValueOffsets[r]);
        }
    }
}
