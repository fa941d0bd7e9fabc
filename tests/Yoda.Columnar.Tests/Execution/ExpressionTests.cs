using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using static Yoda.Columnar.Tests.Execution.VectorBuilders;

namespace Yoda.Columnar.Tests.Execution;

public sealed class ExpressionTests
{
    private static object?[] Eval(VectorExpression e, params ColumnVector[] columns)
    {
        var chunk = Chunk.Dense(columns, columns[0].Length);
        return Values(e.Evaluate(chunk), chunk.Selection);
    }

    private static ColumnExpression Col(int i, ValueKind kind = ValueKind.Integer) => new(i, kind);

    [Fact]
    public void Integer_division_truncates_and_by_zero_is_null()
    {
        var e = new ArithmeticExpression(ArithmeticOperator.Divide, Col(0), Col(1));
        Assert.Equal([2L, -2L, null, null], Eval(e, Longs(7, -7, 1, null), Longs(3, 3, 0, 1)));
        var m = new ArithmeticExpression(ArithmeticOperator.Modulo, Col(0), Col(1));
        Assert.Equal([1L, -1L, null, 0L], Eval(m, Longs(7, -7, 1, long.MinValue), Longs(3, 3, 0, -1)));
    }

    [Fact]
    public void Integer_overflow_is_reported()
    {
        var e = new ArithmeticExpression(ArithmeticOperator.Add, Col(0), Col(1));
        Assert.Throws<IntegerOverflowException>(() => Eval(e, Longs(long.MaxValue), Longs(1)));
        var m = new ArithmeticExpression(ArithmeticOperator.Multiply, Col(0), Col(1));
        Assert.Throws<IntegerOverflowException>(() => Eval(m, Longs(long.MinValue), Longs(-1)));
        Assert.Equal([long.MinValue], Eval(m, Longs(long.MinValue / 2), Longs(2)));
    }

    [Fact]
    public void Comparisons_are_three_valued_and_is_is_null_safe()
    {
        var lt = new ComparisonExpression(ComparisonOperator.Less, Col(0), Col(1, ValueKind.Real));
        Assert.Equal([1L, 0L, null], Eval(lt, Longs(1, 3, null), Doubles(1.5, 2.5, 1)));
        var @is = new ComparisonExpression(ComparisonOperator.Is, Col(0), Col(1));
        Assert.Equal([1L, 0L, 1L], Eval(@is, Longs(null, 1, 2), Longs(null, null, 2)));
        var text = new ComparisonExpression(ComparisonOperator.Greater, Col(0, ValueKind.Text), Col(1));
        Assert.Equal([1L], Eval(text, Texts("a"), Longs(5)));
    }

    [Fact]
    public void And_or_follow_three_valued_logic()
    {
        var and = new LogicalExpression(true, Col(0), Col(1));
        var or = new LogicalExpression(false, Col(0), Col(1));
        ColumnVector a = Longs(1, 1, 0, null, null, 0), b = Longs(1, null, null, 0, null, 0);
        Assert.Equal([1L, null, 0L, 0L, null, 0L], Eval(and, a, b));
        Assert.Equal([1L, 1L, null, null, null, 0L], Eval(or, a, b));
    }

    [Fact]
    public void Case_evaluates_branches_only_on_their_rows()
    {
        // CASE WHEN x <> 0 THEN 10 / x ELSE -1 END: the division never sees x = 0.
        var when = new ComparisonExpression(ComparisonOperator.NotEqual, Col(0), new ConstantExpression(ValueKind.Integer, 0L));
        var then = new ArithmeticExpression(ArithmeticOperator.Divide, new ConstantExpression(ValueKind.Integer, 10L), Col(0));
        var e = new CaseExpression(ValueKind.Integer, [(when, then)], new ConstantExpression(ValueKind.Integer, -1L));
        Assert.Equal([5L, -1L, -1L], Eval(e, Longs(2, 0, null)));
    }

    [Fact]
    public void Concat_renders_reals_like_sqlite()
    {
        var e = new ConcatExpression(Col(0, ValueKind.Real), new ConstantExpression(ValueKind.Text, "!"));
        Assert.Equal(["1.0!", "0.5!", null], Eval(e, Doubles(1, 0.5, null)));
    }

    [Fact]
    public void Cast_converts_between_storage_classes()
    {
        Assert.Equal([3L, -3L, 0L], Eval(new CastExpression(ValueKind.Integer, Col(0, ValueKind.Real)), Doubles(3.9, -3.9, double.NaN)));
        Assert.Equal([12L, 0L], Eval(new CastExpression(ValueKind.Integer, Col(0, ValueKind.Text)), Texts("12abc", "x")));
        Assert.Equal(["7", null], Eval(new CastExpression(ValueKind.Text, Col(0)), Longs(7, null)));
    }
}
