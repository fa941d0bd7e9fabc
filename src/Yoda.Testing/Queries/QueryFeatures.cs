namespace Yoda.Testing.Queries;

/// <summary>
/// Switches for the query grammar. <see cref="Supported"/> is what Yoda's OLAP engine runs today;
/// a construct it cannot run yet goes into <see cref="All"/> only, so the grammar grows with the
/// dialect by flipping a flag.
/// </summary>
[Flags]
public enum QueryFeatures : long
{
    None = 0,
    Distinct = 1 << 0,
    Where = 1 << 1,
    GroupBy = 1 << 2,
    Having = 1 << 3,
    OrderBy = 1 << 4,
    /// <summary>NULLS FIRST / NULLS LAST in ORDER BY.</summary>
    NullsOrdering = 1 << 5,
    Limit = 1 << 6,
    /// <summary>Aggregates COUNT(*), COUNT(x), COUNT(DISTINCT x), SUM, AVG, MIN, MAX, TOTAL.</summary>
    Aggregates = 1 << 7,
    /// <summary>+ - * / % and unary minus.</summary>
    Arithmetic = 1 << 8,
    Concat = 1 << 9,
    Case = 1 << 10,
    Cast = 1 << 11,
    Like = 1 << 12,
    In = 1 << 13,
    Between = 1 << 14,
    /// <summary>abs, coalesce, ifnull, nullif, length, lower, upper, round, substr.</summary>
    Functions = 1 << 15,
    Aliases = 1 << 16,
    /// <summary>Operands of different storage classes (a TEXT column compared with a number, ...).</summary>
    MixedTypes = 1 << 17,
    /// <summary>Queries SQLite rejects (unknown names, misplaced aggregates, bad ordinals, ...).</summary>
    InvalidQueries = 1 << 18,
    /// <summary>Integer literals at the edges of the 64-bit range in arithmetic (overflow paths).</summary>
    ExtremeLiterals = 1 << 19,

    /// <summary>Joins of two or three different tables (or of a table with itself): inner, left, cross, comma, natural, USING.</summary>
    Joins = 1L << 32,
    /// <summary>IN (SELECT …), EXISTS, scalar subqueries (correlated too) and subqueries in FROM.</summary>
    Subqueries = 1L << 33,
    /// <summary>WITH (renamed columns, read twice) and WITH RECURSIVE.</summary>
    Ctes = 1L << 34,
    /// <summary>UNION [ALL], INTERSECT, EXCEPT.</summary>
    SetOperations = 1L << 35,
    /// <summary>Ranking, offset and value window functions and aggregates OVER (PARTITION BY … ORDER BY … frame).</summary>
    WindowFunctions = 1L << 36,
    /// <summary>RIGHT and FULL joins (with <see cref="Joins"/>).</summary>
    OuterJoins = 1L << 37,
    /// <summary>Row values: <c>(a, b) op (c, d)</c>, BETWEEN and IN lists of rows.</summary>
    RowValues = 1L << 38,

    /// <summary>Everything the OLAP engine supports today: the whole grammar.</summary>
    Supported = Distinct | Where | GroupBy | Having | OrderBy | NullsOrdering | Limit | Aggregates | Arithmetic | Concat
        | Case | Cast | Like | In | Between | Functions | Aliases | MixedTypes | InvalidQueries | ExtremeLiterals
        | Joins | Subqueries | Ctes | SetOperations | WindowFunctions | OuterJoins | RowValues,

    /// <summary>The SQL grammar of the issue. Constructs the engine cannot run yet would be added here and left out of <see cref="Supported"/>.</summary>
    All = Supported,
}
