using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>One aggregate to compute: its function, argument (none for COUNT(*)) and DISTINCT flag.</summary>
public sealed record AggregateSpec(AggregateFunction Function, VectorExpression? Argument, bool Distinct)
{
    public ValueKind ResultKind => ResultKindOf(Function, Argument?.Kind);

    /// <summary>COUNT: INTEGER; SUM: INTEGER over INTEGERs, else REAL; TOTAL and AVG: REAL; MIN and MAX: the argument's kind.</summary>
    public static ValueKind ResultKindOf(AggregateFunction function, ValueKind? argumentKind) => function switch
    {
        AggregateFunction.Count or AggregateFunction.CountStar => ValueKind.Integer,
        AggregateFunction.Sum => argumentKind == ValueKind.Integer ? ValueKind.Integer : ValueKind.Real,
        AggregateFunction.Total or AggregateFunction.Avg => ValueKind.Real,
        _ => argumentKind!.Value,
    };

    public AggregateState CreateState()
    {
        AggregateState state = Function switch
        {
            AggregateFunction.Count or AggregateFunction.CountStar => new CountState(),
            AggregateFunction.Sum when Argument!.Kind == ValueKind.Integer => new IntegerSumState(),
            AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg => new RealSumState(Function),
            _ => new MinMaxState(Argument!.Kind, Function == AggregateFunction.Max),
        };
        return Distinct ? new DistinctState(state) : state;
    }
}
