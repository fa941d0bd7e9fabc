using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// Collating sequences: an explicit <c>COLLATE</c>, the collation a stored column was declared with in
/// SQLite (carried on its Arrow field), and the collation a derived table's column takes from its
/// defining expression. A comparison picks one as SQLite does; NOCASE and RTRIM
/// then compare the operands' folded text (ASCII lower case; trailing spaces removed) byte by byte,
/// which is what those sequences do. GROUP BY, DISTINCT, min() and max() compare folded text too.
/// </summary>
internal sealed partial class Binder
{
    private BoundExpr BindCollate(CollateExpr c, BindContext context)
    {
        return new BoundCollate(BindExpr(c.Operand, context), CollationNamed(c.Collation));
    }

    internal static Collation CollationNamed(string name) => name.ToUpperInvariant() switch
    {
        "BINARY" => Collation.Binary,
        "NOCASE" => Collation.NoCase,
        "RTRIM" => Collation.RTrim,
        _ => throw new YodaException($"no such collation sequence: {name}"),
    };

    /// <summary>
    /// The collation of an expression as SQLite's sqlite3ExprCollSeq finds it: a COLLATE, a column's
    /// declared collation (an enclosing query's column too), through CASTs, else the first COLLATE among its operands.
    /// </summary>
    internal static Collation? CollationOf(BoundExpr e) => e switch
    {
        BoundCollate c => c.Collation,
        BoundColumn c => c.DeclaredCollation,
        BoundOuterReference r => CollationOf(r.Outer),
        BoundCast c => CollationOf(c.Operand),
        _ => ExplicitCollationOf(e),
    };

    /// <summary>
    /// SQLite's sqlite3ExprCollSeq, which also gives a column without a declared collation BINARY (a
    /// constant or a function call has none): what a compound select's column takes from its terms.
    /// </summary>
    internal static Collation? ExpressionCollationOf(BoundExpr e) => e switch
    {
        BoundCollate c => c.Collation,
        BoundColumn c => c.DeclaredCollation ?? Collation.Binary,
        BoundOuterReference r => ExpressionCollationOf(r.Outer),
        BoundCast c => ExpressionCollationOf(c.Operand),
        _ => ExplicitCollationOf(e),
    };

    /// <summary>The collation of the first COLLATE in an expression (SQLite's EP_Collate).</summary>
    internal static Collation? ExplicitCollationOf(BoundExpr e) => e switch
    {
        BoundCollate c => c.Collation,
        BoundColumn or BoundConstant => null,
        _ => e.Children.Select(ExplicitCollationOf).FirstOrDefault(c => c is not null),
    };

    /// <summary>A column's collation (BINARY unless declared otherwise), through CASTs; null for other expressions.</summary>
    private static Collation? ColumnCollationOf(BoundExpr e) => e switch
    {
        BoundColumn c => c.DeclaredCollation ?? Collation.Binary,
        BoundOuterReference r => ColumnCollationOf(r.Outer),
        BoundCast c => ColumnCollationOf(c.Operand),
        _ => null,
    };

    /// <summary>SQLite's sqlite3BinaryCompareCollSeq: a COLLATE on the left, else on the right, else the left column's collation, else the right one's.</summary>
    private static BoundComparison Compare(ComparisonOperator op, BoundExpr left, BoundExpr right)
    {
        var collation = ExplicitCollationOf(left) ?? ExplicitCollationOf(right) ?? ColumnCollationOf(left) ?? ColumnCollationOf(right) ?? Collation.Binary;
        return CompareUnder(collation, op, left, right);
    }

    /// <summary>
    /// The equalities of <c>x IN (a, b, …)</c>: as SQLite codes them, under x's collation and x's affinity
    /// alone (exprINAffinity: <c>3.5 IN (text_col)</c> compares a REAL with a TEXT and is 0); a single
    /// constant item makes <c>x = a</c>, as SQLite's parser rewrites it.
    /// </summary>
    private static List<BoundExpr> InListEqualities(BoundExpr operand, IReadOnlyList<BoundExpr> items)
    {
        if (items is [var only] && IsConstant(only))
        {
            return [Compare(ComparisonOperator.Equal, operand, only)];
        }

        var collation = CollationOf(operand) ?? Collation.Binary;
        return items.Select(item => (BoundExpr)Collated(collation, CompareWithLeftAffinity(ComparisonOperator.Equal, operand, item))).ToList();
    }

    private static bool IsConstant(BoundExpr e) => e is not (BoundColumn or BoundOuterReference or BoundSubquery) && e.Children.All(IsConstant);

    private static BoundComparison CompareUnder(Collation collation, ComparisonOperator op, BoundExpr left, BoundExpr right) =>
        Collated(collation, CompareWithAffinity(op, left, right));

    private static BoundComparison Collated(Collation collation, BoundComparison comparison) =>
        collation != Collation.Binary && MayBeText(comparison.Left) && MayBeText(comparison.Right)
            ? comparison with { Left = Folded(comparison.Left, collation), Right = Folded(comparison.Right, collation) }
            : comparison;

    /// <summary>An ORDER BY term under NOCASE or RTRIM sorts by the folded text, as a hidden sort column.</summary>
    private static BoundOrdering WithCollation(BoundOrdering ordering) =>
        CollationOf(ordering.Expr) is { } collation and not Collation.Binary && MayBeText(ordering.Expr)
            ? ordering with { Expr = Folded(ordering.Expr, collation), OutputIndex = null }
            : ordering;

    /// <summary>The text a DISTINCT, GROUP BY or min()/max() compares for <paramref name="e"/>: its folded text under NOCASE or RTRIM, else itself.</summary>
    internal static BoundExpr ComparedValue(BoundExpr e) => IsCollatedText(e) ? Folded(e, CollationOf(e)!.Value) : e;

    internal static bool IsCollatedText(BoundExpr e) => MayBeText(e) && CollationOf(e) is Collation.NoCase or Collation.RTrim;

    /// <summary>TEXT, or a dynamic value that is TEXT on some rows (a collation applies to those rows only).</summary>
    private static bool MayBeText(BoundExpr e) => e.Kind is ValueKind.Text or ValueKind.Dynamic;

    /// <summary>
    /// Text whose BINARY order is the collation's order (NOCASE: ASCII lower case; RTRIM: without
    /// trailing spaces); the numbers of a dynamic value stay as they are.
    /// </summary>
    private static BoundExpr Folded(BoundExpr text, Collation collation) => collation == Collation.NoCase
        ? new BoundRowFunction("nocase", text.Kind, [text], v => v[0] is string s ? TextKernels.AsciiLower(s) : v[0])
        : new BoundRowFunction("rtrim_collation", text.Kind, [text], v => v[0] is string s ? s.TrimEnd(' ') : v[0]);
}
