using System.Globalization;
using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;

namespace Yoda.Sql.Binding;

/// <summary>A constant: a literal, a bound parameter's value or a folded constant expression.</summary>
internal sealed record BoundConstant(object? Value, ValueKind ConstantKind) : BoundExpr(ConstantKind)
{
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
