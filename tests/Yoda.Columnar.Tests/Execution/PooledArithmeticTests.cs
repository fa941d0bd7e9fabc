using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Aggregates;
using Yoda.Columnar.Execution.Expressions;
using static Yoda.Columnar.Tests.Execution.VectorBuilders;

namespace Yoda.Columnar.Tests.Execution;

/// <summary>REAL arithmetic with constant operands, lanes over whole chunks, and pooled intermediates.</summary>
public sealed class PooledArithmeticTests
{
    private static readonly ColumnExpression X = new(0, ValueKind.Real);

    private static VectorExpression OneMinusX() => new ArithmeticExpression(
        ArithmeticOperator.Subtract, new CastExpression(ValueKind.Real, new ConstantExpression(ValueKind.Integer, 1L)), X);

    [Fact]
    public void Constant_operands_give_the_values_of_constant_vectors_lanes_and_tail_alike()
    {
        var values = Enumerable.Range(0, 4099).Select(i => (double?)(i * 0.37) - 500).ToArray();
        var chunk = Chunk.Dense([Doubles(values)], values.Length);
        var minus = Values(OneMinusX().Evaluate(chunk), chunk.Selection);
        var times = Values(new ArithmeticExpression(ArithmeticOperator.Multiply, X, new ConstantExpression(ValueKind.Real, 2.5)).Evaluate(chunk), chunk.Selection);
        var plus = Values(new ArithmeticExpression(ArithmeticOperator.Add, new ConstantExpression(ValueKind.Real, 0.1), X).Evaluate(chunk), chunk.Selection);
        Assert.Equal(values.Select(v => (object?)(1.0 - v!.Value)), minus);
        Assert.Equal(values.Select(v => (object?)(v!.Value * 2.5)), times);
        Assert.Equal(values.Select(v => (object?)(0.1 + v!.Value)), plus);
    }

    [Fact]
    public void Lanes_without_a_NaN_give_no_NULL_array()
    {
        var values = Enumerable.Range(0, 4099).Select(i => i * 0.37).ToArray();
        Chunk Dense() => Chunk.Dense([ColumnVector.OfDoubles(values, null)], values.Length);
        var plus = new ArithmeticExpression(ArithmeticOperator.Add, X, X);
        Assert.Null(OneMinusX().Evaluate(Dense()).Nulls);
        Assert.Null(plus.Evaluate(Dense()).Nulls);
        values[4000] = double.NaN;
        Assert.True(plus.Evaluate(Dense()).Nulls![4000]);
        values[4000] = 1;
        values[17] = double.NaN;
        Assert.True(plus.Evaluate(Dense()).Nulls![17]);
    }

    [Fact]
    public void NaN_results_and_NULL_operands_are_NULL_on_selected_rows_only()
    {
        var inf = double.PositiveInfinity;
        var left = Doubles(inf, 1, null, 2, inf);
        var right = Doubles(inf, 2, 3, 4, 1);
        var subtract = new ArithmeticExpression(ArithmeticOperator.Subtract, X, new ColumnExpression(1, ValueKind.Real));
        var dense = Chunk.Dense([left, right], 5);
        Assert.Equal([null, -1.0, null, -2.0, inf], Values(subtract.Evaluate(dense), dense.Selection));
        var sparse = dense.WithSelection([1, 3]);
        var result = subtract.Evaluate(sparse);
        Assert.Equal([-1.0, -2.0], Values(result, sparse.Selection));
        var zeroTimesInfinity = new ArithmeticExpression(ArithmeticOperator.Multiply, X, new ConstantExpression(ValueKind.Real, 0.0));
        Assert.Equal([null, 0.0], Values(zeroTimesInfinity.Evaluate(Chunk.Dense([Doubles(inf, 5)], 2)), [0, 1]));
    }

    [Fact]
    public void Results_of_an_expression_nobody_consumes_at_once_are_its_own()
    {
        var e = OneMinusX();
        var first = e.Evaluate(Chunk.Dense([Doubles(1, 2)], 2));
        var second = e.Evaluate(Chunk.Dense([Doubles(10, 20)], 2));
        Assert.False(first.IsPooled);
        Assert.Equal([0.0, -1.0], Values(first, [0, 1]));
        Assert.Equal([-9.0, -19.0], Values(second, [0, 1]));
    }

    [Fact]
    public void A_sum_argument_is_pooled_and_the_sum_gives_it_back()
    {
        var spec = new AggregateSpec(AggregateFunction.Sum, new ArithmeticExpression(ArithmeticOperator.Multiply, X, OneMinusX()), false);
        var state = spec.CreateState();
        var chunk = Chunk.Dense([Doubles(2, 4, null)], 3);
        var argument = spec.Argument!.Evaluate(chunk);
        Assert.True(argument.IsPooled);
        state.Update(argument, null, chunk.Selection, [0, 0, 0], 1);
        Assert.False(argument.IsPooled);
        Assert.Equal([-14.0], Values(state.Result(1), [0]));
    }

    [Fact]
    public void A_summed_case_is_pooled_and_copies_its_branches_before_they_go_back()
    {
        var when = new ComparisonExpression(ComparisonOperator.Greater, X, new ConstantExpression(ValueKind.Real, 1.0));
        var then = new ArithmeticExpression(ArithmeticOperator.Multiply, X, new ConstantExpression(ValueKind.Real, 2.0));
        var spec = new AggregateSpec(AggregateFunction.Sum, new CaseExpression(ValueKind.Real, [(when, then)], OneMinusX()), false);
        var chunk = Chunk.Dense([Doubles(3, 0.5, null, 4)], 4);
        var argument = spec.Argument!.Evaluate(chunk);
        Assert.True(argument.IsPooled);
        Assert.Equal([6.0, 0.5, null, 8.0], Values(argument, chunk.Selection));
        var state = spec.CreateState();
        state.Update(argument, null, chunk.Selection, [0, 0, 0, 0], 1);
        Assert.Equal([14.5], Values(state.Result(1), [0]));
    }

    [Fact]
    public void Summing_nested_real_arithmetic_allocates_no_arrays_per_chunk()
    {
        // SUM(x * (1 - x) * (1 + x)): TPC-H Q1's sum_charge shape.
        var charge = new ArithmeticExpression(
            ArithmeticOperator.Multiply,
            new ArithmeticExpression(ArithmeticOperator.Multiply, X, OneMinusX()),
            new ArithmeticExpression(ArithmeticOperator.Add, new ConstantExpression(ValueKind.Real, 1.0), X));
        var spec = new AggregateSpec(AggregateFunction.Sum, charge, false);
        var state = spec.CreateState();
        var chunk = Chunk.Dense([Doubles([.. Enumerable.Range(0, Chunk.Capacity).Select(i => (double?)i)])], Chunk.Capacity);
        var groups = new int[Chunk.Capacity];
        void Fold() => state.Update(spec.Argument!.Evaluate(chunk), null, chunk.Selection, groups, 1);
        Fold();
        const int Chunks = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var c = 0; c < Chunks; c++)
        {
            Fold();
        }

        var perChunk = (GC.GetAllocatedBytesForCurrentThread() - before) / Chunks;
        Assert.True(perChunk < 1024, $"{perChunk} bytes allocated per chunk of {Chunk.Capacity} rows");
    }
}
