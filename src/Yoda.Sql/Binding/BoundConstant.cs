using System.Globalization;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Binding;

/// <summary>
/// A constant: a literal, a bound parameter's value or a folded constant expression. A folded
/// <c>CAST</c> keeps the affinity of its type (SQLite compares <c>0.1 &lt; CAST('' AS TEXT)</c> as text).
/// </summary>
internal sealed record BoundConstant(object? Value, ValueKind ConstantKind, Affinity ConstantAffinity = Affinity.None) : BoundExpr(ConstantKind)
{
    public override Affinity Affinity => ConstantAffinity;

    public static BoundConstant Of(object? value) => new(value, value switch
    {
        null or long => ValueKind.Integer,
        double => ValueKind.Real,
        string => ValueKind.Text,
        _ => ValueKind.Blob,
    });

    public override IReadOnlyList<BoundExpr> Children => [];

    public override string Text => Value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        byte[] b => "X'" + Convert.ToHexString(b) + "'",
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => NumericText.ToText(Value),
    };
}
