namespace Yoda.Sql.Binding;

/// <summary>What a subquery expression yields: its first value, whether it has a row, or whether it holds the operand.</summary>
internal enum SubqueryMode
{
    Scalar,
    Exists,
    In,

    /// <summary>A decorrelated <c>EXISTS (… WHERE inner = outer …)</c>: whether the inner values hold the operand (a NULL operand never matches).</summary>
    ExistsMatch,

    /// <summary>
    /// A decorrelated <c>x IN (SELECT v … WHERE inner = outer …)</c> on an INTEGER key: the subquery's
    /// (inner, v) rows are grouped by key once, and each outer row tests x against its key's values.
    /// </summary>
    InKeyed,
}
