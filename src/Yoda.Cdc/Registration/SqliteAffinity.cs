using Apache.Arrow.Types;
using Yoda.Columnar.Types;

namespace Yoda.Cdc.Registration;

/// <summary>SQLite's column affinities and which of them can hold each replicated Arrow type.</summary>
public enum Affinity
{
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

public static class SqliteAffinity
{
    /// <summary>The affinity SQLite gives a declared type (section 3.1 of SQLite's datatype rules).</summary>
    public static Affinity Of(string? declaredType)
    {
        var t = (declaredType ?? string.Empty).ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal))
        {
            return Affinity.Integer;
        }

        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal)
            || t.Contains("TEXT", StringComparison.Ordinal))
        {
            return Affinity.Text;
        }

        if (t.Length == 0 || t.Contains("BLOB", StringComparison.Ordinal))
        {
            return Affinity.Blob;
        }

        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal)
            || t.Contains("DOUB", StringComparison.Ordinal))
        {
            return Affinity.Real;
        }

        return Affinity.Numeric;
    }

    /// <summary>
    /// Whether a SQLite column of <paramref name="affinity"/> can feed an OLAP column of
    /// <paramref name="type"/> without SQLite converting the values into another storage class.
    /// Columns without affinity (BLOB) hold whatever is written; the capture trigger checks those.
    /// </summary>
    public static bool IsCompatible(Affinity affinity, IArrowType type)
    {
        if (affinity == Affinity.Blob)
        {
            return true;
        }

        if (ColumnTypes.IsInteger(type))
        {
            return affinity is Affinity.Integer or Affinity.Numeric;
        }

        if (ColumnTypes.IsReal(type))
        {
            return affinity is Affinity.Real or Affinity.Numeric or Affinity.Integer;
        }

        return type.TypeId == ArrowTypeId.String && affinity == Affinity.Text;
    }

    /// <summary>The declared type Yoda uses when it adds a column of <paramref name="type"/> to SQLite.</summary>
    public static string DeclaredTypeFor(IArrowType type) =>
        ColumnTypes.IsInteger(type) ? "INTEGER"
        : ColumnTypes.IsReal(type) ? "REAL"
        : type.TypeId == ArrowTypeId.String ? "TEXT"
        : "BLOB";
}
