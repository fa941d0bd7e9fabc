using Yoda.Columnar.Execution.Buffers;
using Yoda.Columnar.Execution.Expressions;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// One aggregate to compute: its function, argument (none for COUNT(*)), DISTINCT flag, and for
/// <see cref="AggregateFunction.ValueAtMin"/>/<see cref="AggregateFunction.ValueAtMax"/> the min/max argument as <see cref="Key"/>
/// (for <see cref="AggregateFunction.GroupConcat"/> the separator, or for a DISTINCT one, which takes no
/// separator, the value's folded text that decides which values are equal under NOCASE or RTRIM).
/// </summary>
public sealed record AggregateSpec(AggregateFunction Function, VectorExpression? Argument, bool Distinct, VectorExpression? Key = null)
{
    /// <summary>COUNT and the sums fold each argument vector into their state at once (other states may keep rows of it).</summary>
    public VectorExpression? Argument { get; init; } = ConsumedAtOnce(Function, Argument, Distinct);

    public ValueKind ResultKind => ResultKindOf(Function, Argument?.Kind);

    /// <summary>
    /// COUNT: INTEGER; SUM: INTEGER over INTEGERs, REAL over REALs and blobs, per group over TEXT or
    /// dynamic values (INTEGER where every text looked like an integer); TOTAL and AVG: REAL; MIN, MAX
    /// and bare columns: the argument's kind.
    /// </summary>
    public static ValueKind ResultKindOf(AggregateFunction function, ValueKind? argumentKind) => function switch
    {
        AggregateFunction.Count or AggregateFunction.CountStar => ValueKind.Integer,
        AggregateFunction.Sum => argumentKind switch
        {
            ValueKind.Integer => ValueKind.Integer,
            ValueKind.Text or ValueKind.Dynamic => ValueKind.Dynamic,
            _ => ValueKind.Real,
        },
        AggregateFunction.Total or AggregateFunction.Avg => ValueKind.Real,
        AggregateFunction.GroupConcat => ValueKind.Text,
        _ => argumentKind!.Value,
    };

    /// <summary>
    /// True when states computed over consecutive stretches of the input (morsels) merge into
    /// exactly the answer of one serial pass: counts, MIN/MAX, first values, integer sums
    /// (<see cref="IntegerSumPartial"/>) and sums of REALs (<see cref="RealSumPartial"/>: SQLite's
    /// compensated sum depends on the order of the additions, but only within a bound the merged
    /// partials decide it in nearly every group; where they do not, the aggregation reruns serially).
    /// Sums over texts, blobs or values whose class varies, DISTINCT and group_concat are folded in
    /// morsel order by one thread (the operator's ordered fold).
    /// </summary>
    public bool MergesExactly =>
        !Distinct
        && (Argument?.IsParallelSafe ?? true)
        && (Key?.IsParallelSafe ?? true)
        && Function switch
        {
            AggregateFunction.CountStar or AggregateFunction.Count or AggregateFunction.Min or AggregateFunction.Max
                or AggregateFunction.FirstValue => true,
            AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg => Argument!.Kind is ValueKind.Integer or ValueKind.Real,
            _ => false,
        };

    /// <summary>
    /// The state a worker folds one morsel into, for <see cref="AggregateState.Merge"/> into a <see cref="CreateState"/> state;
    /// a sum's partial takes its counts from <paramref name="groupRows"/> (when given) while its argument has no NULL.
    /// </summary>
    internal AggregateState CreatePartialState(QueryBuffers? buffers = null, GroupRowCounts? groupRows = null) =>
        SumsReals ? new RealSumPartial(buffers, groupRows)
        : HasSumPartial ? new IntegerSumPartial(buffers, groupRows)
        : CountsByGroupRows ? new CountState(buffers, groupRows)
        : CreateState(buffers: buffers);

    /// <summary>SUM, TOTAL or AVG (not DISTINCT): its partial is a <see cref="RealSumPartial"/> or an <see cref="IntegerSumPartial"/>.</summary>
    internal bool HasSumPartial => !Distinct && Function is AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg;

    /// <summary>
    /// Whether this aggregate's partial is the one <paramref name="other"/> folds: SUM, TOTAL and AVG of the same column
    /// (TPC-H Q1's SUM(l_quantity) and AVG(l_quantity)) fold the same values into the same kind of partial, which only
    /// the merge reads as a SUM, TOTAL or AVG, so a partial aggregation folds one for both.
    /// </summary>
    internal bool SharesPartialWith(AggregateSpec other) =>
        HasSumPartial && other.HasSumPartial && Argument is ColumnExpression column && other.Argument is ColumnExpression otherColumn
        && column.Index == otherColumn.Index;

    /// <summary>COUNT(*), a COUNT or a sum (not DISTINCT): its partial can take its counts from the group's rows (<see cref="GroupRowCounts"/>).</summary>
    internal bool CountsByGroupRows => HasSumPartial || (!Distinct && Function is AggregateFunction.Count or AggregateFunction.CountStar);

    /// <summary>SUM, TOTAL or AVG of a REAL argument (not DISTINCT): its partials are <see cref="RealSumPartial"/>s.</summary>
    public bool SumsReals => !Distinct && Function is AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg && Argument!.Kind == ValueKind.Real;

    /// <summary>
    /// A fresh state; <paramref name="specialised"/> false gives the reference implementation (for
    /// plan-independence checks). Counts and sums rent their large arrays from <paramref name="buffers"/>.
    /// </summary>
    public AggregateState CreateState(bool specialised = true, QueryBuffers? buffers = null)
    {
        AggregateState state = Function switch
        {
            AggregateFunction.Count or AggregateFunction.CountStar => new CountState(buffers),
            AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg => new SumState(Function, Argument!.Kind, buffers),
            AggregateFunction.Min or AggregateFunction.Max => new MinMaxState(Argument!.Kind, Function == AggregateFunction.Max),
            AggregateFunction.FirstValue => new FirstValueState(Argument!.Kind),
            AggregateFunction.GroupConcat => new GroupConcatState(),
            _ => new ValueAtExtremeState(Argument!.Kind, Function == AggregateFunction.ValueAtMax),
        };
        // Of equal values of different classes (1 and 1.0) a DISTINCT aggregate keeps the first, as SQLite's does.
        return !Distinct ? state : new DistinctState(state, specialised, distinctByKey: Function == AggregateFunction.GroupConcat && Key is not null, buffers);
    }

    private static VectorExpression? ConsumedAtOnce(AggregateFunction function, VectorExpression? argument, bool distinct)
    {
        if (!distinct && function is AggregateFunction.Count or AggregateFunction.Sum or AggregateFunction.Total or AggregateFunction.Avg)
        {
            argument?.MarkConsumedAtOnce();
        }

        return argument;
    }
}
