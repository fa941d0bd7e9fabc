namespace Yoda.Columnar.Execution.Windows;

/// <summary>The window functions: ranking, value and aggregate functions evaluated over a partition and frame.</summary>
public enum WindowFunctionKind
{
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    Ntile,
    Lag,
    Lead,
    FirstValue,
    LastValue,
    NthValue,
    CountStar,
    Count,
    Sum,
    Total,
    Avg,
    Min,
    Max,
    GroupConcat,
}
