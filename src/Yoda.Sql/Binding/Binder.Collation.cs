using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// Collating sequences. Only an explicit <c>COLLATE</c> counts (the OLAP catalog does not know the
/// collation a SQLite column was declared with). A comparison uses its left operand's explicit
/// collation, else its right one's; NOCASE and RTRIM then compare the operands' folded text
/// (ASCII lower case; trailing spaces removed) byte by byte, which is what those sequences do.
/// </summary>
internal sealed partial class Binder
{
    private BoundExpr BindCollate(CollateExpr c, BindContext context)
    {
        var collation = c.Collation.ToUpperInvariant() switch
        {
            "BINARY" => Collation.Binary,
            "NOCASE" => Collation.NoCase,
            "RTRIM" => Collation.RTrim,
            _ => throw new YodaException($"no such collation sequence: {c.Collation}"),
        };
        return new BoundCollate(BindExpr(c.Operand, context), collation);
    }

    /// <summary>The explicit collation of an expression as SQLite finds it: a COLLATE, through CASTs, else the first operand that has one.</summary>
    private static Collation? CollationOf(BoundExpr e) => e switch
    {
        BoundCollate c => c.Collation,
        BoundColumn or BoundConstant => null,
        _ => e.Children.Select(CollationOf).FirstOrDefault(c => c is not null),
    };

    private static BoundComparison Compare(ComparisonOperator op, BoundExpr left, BoundExpr right)
    {
        var collation = CollationOf(left) ?? CollationOf(right) ?? Collation.Binary;
        var comparison = CompareWithAffinity(op, left, right);
        return collation != Collation.Binary && comparison.Left.Kind == ValueKind.Text && comparison.Right.Kind == ValueKind.Text
            ? comparison with { Left = Folded(comparison.Left, collation), Right = Folded(comparison.Right, collation) }
            : comparison;
    }

    /// <summary>An ORDER BY term under NOCASE or RTRIM sorts by the folded text, as a hidden sort column.</summary>
    private static BoundOrdering WithCollation(BoundOrdering ordering) =>
        CollationOf(ordering.Expr) is { } collation and not Collation.Binary && ordering.Expr.Kind == ValueKind.Text
            ? ordering with { Expr = Folded(ordering.Expr, collation), OutputIndex = null }
            : ordering;

    /// <summary>Where a NOCASE/RTRIM collation would decide which values are equal, refuse rather than group by BINARY.</summary>
    private static void RejectCollatedGrouping(bool distinct, IEnumerable<OutputColumn> outputs, IEnumerable<BoundExpr> groupBy)
    {
        if (groupBy.Any(IsCollatedText) || (distinct && outputs.Any(o => IsCollatedText(o.Expr))))
        {
            throw new YodaException("GROUP BY and DISTINCT under a NOCASE or RTRIM collation are not supported yet");
        }
    }

    private static bool IsCollatedText(BoundExpr e) => e.Kind == ValueKind.Text && CollationOf(e) is Collation.NoCase or Collation.RTrim;

    /// <summary>Text whose BINARY order is the collation's order (NOCASE: ASCII lower case; RTRIM: without trailing spaces).</summary>
    private static BoundExpr Folded(BoundExpr text, Collation collation) => collation == Collation.NoCase
        ? new BoundRowFunction("nocase", ValueKind.Text, [text], v => v[0] is string s ? TextKernels.AsciiLower(s) : null)
        : new BoundRowFunction("rtrim_collation", ValueKind.Text, [text], v => v[0] is string s ? s.TrimEnd(' ') : null);
}
