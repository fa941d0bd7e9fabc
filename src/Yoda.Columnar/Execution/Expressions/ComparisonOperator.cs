namespace Yoda.Columnar.Execution.Expressions;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>Null-safe equality: NULL IS NULL is 1.</summary>
    Is,

    /// <summary>Null-safe inequality.</summary>
    IsNot,
}
