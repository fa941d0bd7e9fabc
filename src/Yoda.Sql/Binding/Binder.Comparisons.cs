using System.Text;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// A comparison after SQLite's affinity rules: a numeric-affinity operand (a numeric column or
    /// CAST) turns the other operand numeric where it is well-formed number text (constants now,
    /// TEXT columns row by row); a TEXT-affinity operand turns an affinity-less numeric operand into text.
    /// </summary>
    private static BoundComparison CompareWithAffinity(ComparisonOperator op, BoundExpr left, BoundExpr right)
    {
        if (left.Affinity.IsNumeric() && !right.Affinity.IsNumeric())
        {
            right = WithNumericAffinity(right);
            return new BoundComparison(op, left, right, TextAsNumber: right.Kind is ValueKind.Text or ValueKind.Dynamic);
        }

        if (right.Affinity.IsNumeric() && !left.Affinity.IsNumeric())
        {
            left = WithNumericAffinity(left);
            return new BoundComparison(op, left, right, TextAsNumber: left.Kind is ValueKind.Text or ValueKind.Dynamic);
        }

        if (left.Affinity == Affinity.Text && right.Affinity == Affinity.None)
        {
            right = WithTextAffinity(right);
        }
        else if (right.Affinity == Affinity.Text && left.Affinity == Affinity.None)
        {
            left = WithTextAffinity(left);
        }

        return new BoundComparison(op, left, right);
    }

    /// <summary>A comparison under the left operand's affinity alone, applied to both sides (an IN list's items take x's).</summary>
    private static BoundComparison CompareWithLeftAffinity(ComparisonOperator op, BoundExpr left, BoundExpr right)
    {
        if (left.Affinity.IsNumeric())
        {
            right = WithNumericAffinity(right);
            return new BoundComparison(op, left, right, TextAsNumber: left.Kind is ValueKind.Text or ValueKind.Dynamic || right.Kind is ValueKind.Text or ValueKind.Dynamic);
        }

        return new BoundComparison(op, left, left.Affinity == Affinity.Text ? WithTextAffinity(right) : right);
    }

    /// <summary>Constant number-like text becomes a number now; non-constant TEXT is converted row by row in the comparison (<c>TextAsNumber</c>).</summary>
    private static BoundExpr WithNumericAffinity(BoundExpr e) =>
        e is BoundConstant { Value: string s } && NumericText.TryWellFormed(s) is { } number ? BoundConstant.Of(number) : e;

    /// <summary>Numbers become text; a BLOB row of a per-row value stays a BLOB, as TEXT affinity leaves blobs alone.</summary>
    private static BoundExpr WithTextAffinity(BoundExpr e) => e switch
    {
        BoundConstant { Value: long or double } c => BoundConstant.Of(NumericText.ToText(c.Value!)),
        { Kind: ValueKind.Integer or ValueKind.Real } => new BoundCast(ValueKind.Text, e, Affinity.None),
        { Kind: ValueKind.Dynamic } => new BoundRowFunction("text_affinity", ValueKind.Dynamic, [e], v => v[0] is long or double ? NumericText.ToText(v[0]!) : v[0]),
        _ => e,
    };

    /// <summary>CAST(x AS type): the type name's affinity decides the target, as in SQLite (INT, CHAR/CLOB/TEXT, BLOB, REAL/FLOA/DOUB, else NUMERIC).</summary>
    private static BoundExpr BindCast(BoundExpr operand, string typeName)
    {
        var name = typeName.ToUpperInvariant();
        if (name.Contains("INT", StringComparison.Ordinal))
        {
            return CastTo(ValueKind.Integer, operand, Affinity.Numeric);
        }

        if (name.Contains("CHAR", StringComparison.Ordinal) || name.Contains("CLOB", StringComparison.Ordinal) || name.Contains("TEXT", StringComparison.Ordinal))
        {
            return CastTo(ValueKind.Text, operand, Affinity.Text);
        }

        if (name.Contains("BLOB", StringComparison.Ordinal) || name.Length == 0)
        {
            return CastTo(ValueKind.Blob, operand, Affinity.None);
        }

        if (name.Contains("REAL", StringComparison.Ordinal) || name.Contains("FLOA", StringComparison.Ordinal) || name.Contains("DOUB", StringComparison.Ordinal))
        {
            return CastTo(ValueKind.Real, operand, Affinity.Real);
        }

        return operand switch
        {
            BoundConstant { Value: null } => operand,
            BoundConstant c => BoundConstant.Of(c.Value switch
            {
                string s => NumericText.ToNumeric(s),
                byte[] b => NumericText.ToNumeric(Encoding.UTF8.GetString(b)),
                var number => number,
            }),
            { Kind: ValueKind.Integer or ValueKind.Real } => new BoundCast(operand.Kind, operand, Affinity.Numeric),
            _ => new BoundCast(ValueKind.Dynamic, operand, Affinity.Numeric),
        };
    }

    private static BoundExpr CastTo(ValueKind target, BoundExpr operand, Affinity affinity)
    {
        var cast = new BoundCast(target, operand, affinity);
        return operand is BoundConstant ? Fold(cast) : cast;
    }
}
