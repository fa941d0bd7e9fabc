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

    /// <summary>group_concat / string_agg; the separator is the spec's key.</summary>
    GroupConcat,

    /// <summary>A bare column in an aggregate query: its value on the group's first row (SQLite 3.53's choice without min/max).</summary>
    FirstValue,

    /// <summary>A bare column beside exactly one min(): its value on the row where the minimum was first reached.</summary>
    ValueAtMin,

    /// <summary>A bare column beside exactly one max(): its value on the row where the maximum was first reached.</summary>
    ValueAtMax,
}
