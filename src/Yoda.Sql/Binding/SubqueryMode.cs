namespace Yoda.Sql.Binding;

/// <summary>What a subquery expression yields: its first value, whether it has a row, or whether it holds the operand.</summary>
internal enum SubqueryMode
{
    Scalar,
    Exists,
    In,

    /// <summary>A decorrelated <c>EXISTS (… WHERE inner = outer …)</c>: whether the inner values hold the operand (a NULL operand never matches).</summary>
    ExistsMatch,
}
