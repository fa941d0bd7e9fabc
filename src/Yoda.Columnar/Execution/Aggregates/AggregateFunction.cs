namespace Yoda.Columnar.Execution.Aggregates;

public enum AggregateFunction
{
    CountStar,
    Count,
    Sum,
    Total,
    Avg,
    Min,
    Max,
}
