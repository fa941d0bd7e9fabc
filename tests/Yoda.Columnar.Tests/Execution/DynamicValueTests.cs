using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using static Yoda.Columnar.Tests.Execution.VectorBuilders;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>Vectors of <see cref="ValueKind.Dynamic"/> values (a storage class per row) and the code that reads them.</summary>
public sealed class DynamicValueTests
{
    private static object?[] Eval(VectorExpression e, params ColumnVector[] columns)
    {
        var chunk = Chunk.Dense(columns, columns[0].Length);
        return Values(e.Evaluate(chunk), chunk.Selection);
    }

    [Fact]
    public void Each_row_keeps_its_class_through_copy_and_gather()
    {
        var v = Dynamic(1L, 2.5, "x", null);
        Assert.Equal([1L, 2.5, "x", null], Values(v, [0, 1, 2, 3]));
        Assert.Equal([null, "x", 1L], Values(v.Gather([3, 2, 0]), [0, 1, 2]));
        var target = ColumnVector.Create(ValueKind.Dynamic, 3, withNulls: true);
        target.CopyFrom(0, Longs(7), 0);
        target.CopyFrom(1, Doubles(0.5), 0);
        target.CopyFrom(2, v, 2);
        Assert.Equal([7L, 0.5, "x"], Values(target, [0, 1, 2]));
    }

    [Fact]
    public void Code_that_reads_a_typed_array_refuses_a_dynamic_vector()
    {
        var v = Dynamic(1L);
        var error = Assert.Throws<YodaException>(() => v.Longs);
        Assert.Contains("not supported yet", error.Message);
        Assert.Throws<YodaException>(() => v.Blobs);
    }

    [Fact]
    public void Values_order_as_in_sqlite_across_classes()
    {
        var v = Dynamic(2L, 1.5, "a", 2.0, -1L, "B");
        var order = Enumerable.Range(0, 6).ToArray();
        System.Array.Sort(order, new RowComparer([v], [new SortKey(0, false, true)]));
        Assert.Equal([-1L, 1.5, 2L, 2.0, "B", "a"], Values(v, order));
        Assert.Equal(0, ColumnVector.Compare(v, 0, v, 3));
    }

    [Fact]
    public void Blobs_come_after_every_text_and_compare_by_bytes()
    {
        var v = Dynamic(new byte[] { 0x61, 0x00 }, "z", new byte[] { 0x61 }, 3L, new byte[] { 0x42 }, new byte[0]);
        var order = Enumerable.Range(0, 6).ToArray();
        System.Array.Sort(order, new RowComparer([v], [new SortKey(0, false, true)]));
        Assert.Equal([3L, "z", new byte[0], new byte[] { 0x42 }, new byte[] { 0x61 }, new byte[] { 0x61, 0x00 }], Values(v, order));
        var target = ColumnVector.Create(ValueKind.Dynamic, 2, withNulls: false);
        target.CopyFrom(0, ColumnVector.OfBlobs([[1, 2]], null), 0);
        target.CopyFrom(1, v.Gather([4]), 0);
        Assert.Equal([new byte[] { 1, 2 }, new byte[] { 0x42 }], Values(target, [0, 1]));
        Assert.Equal([new byte[] { 0x42 }], Values(v.Gather([4]), [0]));
    }

    [Fact]
    public void Blob_rows_cast_concatenate_and_add_as_sqlite_reads_them()
    {
        var v = Dynamic(new byte[] { 0x31, 0x32 }, 2.5, new byte[] { 0x61 });
        Assert.Equal(["12", "2.5", "a"], Eval(new CastExpression(ValueKind.Text, new ColumnExpression(0, ValueKind.Dynamic)), v));
        Assert.Equal([12L, 2L, 0L], Eval(new CastExpression(ValueKind.Integer, new ColumnExpression(0, ValueKind.Dynamic)), v));
        Assert.Equal([12L, 2.5, 0L], Eval(new CastExpression(ValueKind.Dynamic, new ColumnExpression(0, ValueKind.Dynamic)), v));
        Assert.Equal(["12!", "2.5!", "a!"], Eval(new ConcatExpression(new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Text, "!")), v));
        var add = new DynamicArithmeticExpression(ArithmeticOperator.Add, new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Integer, 1L));
        Assert.Equal([13L, 3.5, 1L], Eval(add, v));
        var like = new LikeExpression(new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Text, "%"), null, negated: false);
        Assert.Equal([0L, 1L, 0L], Eval(like, v));
    }

    [Fact]
    public void Integer_arithmetic_turns_to_real_only_on_the_rows_that_overflow()
    {
        var add = new DynamicArithmeticExpression(ArithmeticOperator.Add, new ColumnExpression(0, ValueKind.Integer), new ColumnExpression(1, ValueKind.Integer));
        Assert.Equal([3L, 9223372036854775808.0, null], Eval(add, Longs(1, long.MaxValue, null), Longs(2, 1, 1)));
        var multiply = new DynamicArithmeticExpression(ArithmeticOperator.Multiply, new ColumnExpression(0, ValueKind.Integer), new ColumnExpression(1, ValueKind.Integer));
        Assert.Equal([-6L, -1.8446744073709552E+19], Eval(multiply, Longs(2, long.MaxValue), Longs(-3, -2)));
        var divide = new DynamicArithmeticExpression(ArithmeticOperator.Divide, new ColumnExpression(0, ValueKind.Integer), new ColumnExpression(1, ValueKind.Integer));
        Assert.Equal([9223372036854775808.0, null, -3L], Eval(divide, Longs(long.MinValue, 5, 7), Longs(-1, 0, -2)));
        var modulo = new DynamicArithmeticExpression(ArithmeticOperator.Modulo, new ColumnExpression(0, ValueKind.Integer), new ColumnExpression(1, ValueKind.Integer));
        Assert.Equal([0L, null, 1L], Eval(modulo, Longs(long.MinValue, 5, 7), Longs(-1, 0, -2)));
    }

    [Fact]
    public void Text_operands_are_read_as_sqlite_reads_them()
    {
        var add = new DynamicArithmeticExpression(ArithmeticOperator.Add, new ColumnExpression(0, ValueKind.Text), new ConstantExpression(ValueKind.Integer, 1L));
        Assert.Equal([13L, 4.5, 1L, 8L, 4.0], Eval(add, Texts("12", "3.5", "abc", " 7", "3.0")));
        var modulo = new DynamicArithmeticExpression(ArithmeticOperator.Modulo, new ColumnExpression(0, ValueKind.Text), new ConstantExpression(ValueKind.Real, 2.0));
        Assert.Equal([1.0, 0.0], Eval(modulo, Texts("7.9", "-4")));
        var divide = new DynamicArithmeticExpression(ArithmeticOperator.Divide, new ColumnExpression(0, ValueKind.Text), new ConstantExpression(ValueKind.Integer, 0L));
        Assert.Equal([null, null], Eval(divide, Texts("5", "x")));
    }

    [Fact]
    public void An_overflowing_static_operation_names_itself()
    {
        var add = new ArithmeticExpression(ArithmeticOperator.Add, new ColumnExpression(0, ValueKind.Integer), new ConstantExpression(ValueKind.Integer, 1L)) { Origin = "(x + 1)" };
        var error = Assert.Throws<IntegerOverflowException>(() => Eval(add, Longs(1, long.MaxValue)));
        Assert.Equal("(x + 1)", error.Expression);
        var negate = new NegateExpression(NegateExpression.Mode.Negate, new ColumnExpression(0, ValueKind.Integer)) { Origin = "(- x)" };
        Assert.Equal("(- x)", Assert.Throws<IntegerOverflowException>(() => Eval(negate, Longs(long.MinValue))).Expression);
    }

    [Fact]
    public void Comparisons_cast_and_truth_read_each_rows_class()
    {
        var v = Dynamic(1L, 1.5, "12", null);
        var equalsOne = new ComparisonExpression(ComparisonOperator.Equal, new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Real, 1.0));
        Assert.Equal([1L, 0L, 0L, null], Eval(equalsOne, v));
        var numeric = new ComparisonExpression(ComparisonOperator.Equal, new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Integer, 12L), textAsNumber: true);
        Assert.Equal([0L, 0L, 1L, null], Eval(numeric, v));
        Assert.Equal(["1", "1.5", "12", null], Eval(new CastExpression(ValueKind.Text, new ColumnExpression(0, ValueKind.Dynamic)), v));
        Assert.Equal([1L, 1L, 12L, null], Eval(new CastExpression(ValueKind.Integer, new ColumnExpression(0, ValueKind.Dynamic)), v));
        Assert.Equal([1L, 1.5, 3L, 3.5], Eval(new CastExpression(ValueKind.Dynamic, new ColumnExpression(0, ValueKind.Text)), Texts("1", "1.5", "3.0", "3.5x")));
        Assert.Equal(["1x", "1.5x", "12x", null], Eval(new ConcatExpression(new ColumnExpression(0, ValueKind.Dynamic), new ConstantExpression(ValueKind.Text, "x")), v));
        Assert.Equal([1, 1, 1, -1], Truth.Evaluate(Chunk.Dense([v], 4), v).Select(t => (int)t));
    }

    [Theory]
    [InlineData(new object[] { 1L, 2L }, ArrowTypeId.Int64)]
    [InlineData(new object[] { 1L, 2.5 }, ArrowTypeId.Double)]
    [InlineData(new object[] { 1L, 2.5, "a" }, ArrowTypeId.String)]
    [InlineData(new object[] { 1L, new byte[] { 0xAB } }, ArrowTypeId.String)]
    [InlineData(new object[] { new byte[] { 0xAB }, new byte[] { 1 } }, ArrowTypeId.Binary)]
    public void The_arrow_type_of_a_dynamic_column_comes_from_all_its_values(object[] values, ArrowTypeId expected)
    {
        var schema = new Schema([new Field("x", NullType.Default, true)], null);
        var chunks = values.Select(v => Chunk.Dense([Dynamic(v)], 1)).ToList();
        var (resolved, batches) = RecordBatchWriter.WriteWithSchema(schema, [ValueKind.Dynamic], chunks, default);
        Assert.Equal(expected, resolved.GetFieldByIndex(0).DataType.TypeId);
        Assert.All(batches, b => Assert.Same(resolved, b.Schema));
        var written = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => Yoda.Columnar.Storage.ArrowValues.Get(b.Column(0), r))).ToList();
        List<object?> rendered = expected switch
        {
            ArrowTypeId.String when values[1] is byte[] => ["1", "AB"],
            ArrowTypeId.String => ["1", "2.5", "a"],
            ArrowTypeId.Double => [1.0, 2.5],
            _ => [.. values],
        };
        Assert.Equal(rendered, written);
    }

    [Fact]
    public void A_stored_dynamic_column_keeps_each_rows_class_only_when_the_classes_mix()
    {
        var schema = new Schema([new Field("x", NullType.Default, true)], null);
        var (mixed, _) = RecordBatchWriter.WriteWithSchema(schema, [ValueKind.Dynamic], [Chunk.Dense([Dynamic(1L, 2.5)], 2)], default, keepClasses: true);
        Assert.True(DynamicArrowColumn.Is(mixed.GetFieldByIndex(0).DataType));
        var (resolved, _) = RecordBatchWriter.WriteWithSchema(schema, [ValueKind.Dynamic], [Chunk.Dense([Dynamic(1.5, 2.5, null)], 3)], default, keepClasses: true);
        Assert.Equal(ArrowTypeId.Double, resolved.GetFieldByIndex(0).DataType.TypeId);
    }
}
