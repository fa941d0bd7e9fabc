namespace Yoda.Columnar.Kernels;

/// <summary>
/// SQLite's math functions (ext/misc math functions compiled into SQLite 3.53): an argument that is
/// not a number (NULL, a blob, text that is not a well-formed number) gives NULL, and so does a NaN
/// result; infinities stay.
/// </summary>
public static class SqlMath
{
    /// <summary>The functions of one argument, by name; null when <paramref name="name"/> is not one.</summary>
    public static Func<double, double>? Unary(string name) => name switch
    {
        "acos" => Math.Acos,
        "asin" => Math.Asin,
        "atan" => Math.Atan,
        "acosh" => Math.Acosh,
        "asinh" => Math.Asinh,
        "atanh" => Math.Atanh,
        "cos" => Math.Cos,
        "cosh" => Math.Cosh,
        "sin" => Math.Sin,
        "sinh" => Math.Sinh,
        "tan" => Math.Tan,
        "tanh" => Math.Tanh,
        "exp" => Math.Exp,
        "sqrt" => Math.Sqrt,
        "degrees" => x => x * (180.0 / Math.PI),
        "radians" => x => x * (Math.PI / 180.0),
        "ln" => x => x <= 0 ? double.NaN : Math.Log(x),
        "log" or "log10" => x => x <= 0 ? double.NaN : Math.Log10(x),
        "log2" => x => x <= 0 ? double.NaN : Math.Log2(x),
        _ => null,
    };

    /// <summary>The functions of two arguments, by name; null when <paramref name="name"/> is not one.</summary>
    public static Func<double, double, double>? Binary(string name) => name switch
    {
        "atan2" => Math.Atan2,
        "pow" or "power" => Math.Pow,
        "mod" => (x, y) => x % y, // C's fmod, a truncated remainder
        _ => null,
    };

    /// <summary>The argument as SQLite's sqlite3_value_numeric_type sees it: a number, or null.</summary>
    public static double? Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s => NumericText.TryWellFormed(s) switch
        {
            long l => l,
            double d => d,
            _ => null,
        },
        _ => null,
    };

    /// <summary>A REAL result: NaN is NULL.</summary>
    public static object? Result(double value) => double.IsNaN(value) ? null : value;

    /// <summary>log(b, x): the base-b logarithm; NULL unless x &gt; 0 and ln(b) &gt; 0 (SQLite's logFunc).</summary>
    public static object? Log(object? b, object? x)
    {
        if (Number(b) is not { } numberBase || numberBase <= 0)
        {
            return null;
        }

        var lnBase = Math.Log(numberBase);
        var value = x switch
        {
            null => 0.0,
            long l => l,
            double d => d,
            string s => NumericText.ToReal(s),
            _ => 0.0,
        };
        return lnBase <= 0 || value <= 0 ? null : Result(Math.Log(value) / lnBase);
    }

    /// <summary>ceil, floor and trunc of a number: an INTEGER stays itself, a REAL is rounded to a REAL.</summary>
    public static object? Rounding(string name, object? value) => value switch
    {
        long l => l,
        double d => name switch
        {
            "floor" => Math.Floor(d),
            "trunc" => Math.Truncate(d),
            _ => Math.Ceiling(d),
        },
        // sqlite3_value_numeric_type: well-formed integer text is an INTEGER, other number text a REAL ('3.0' stays 3.0).
        string s => NumericText.TryWellFormed(s) is null ? null : Rounding(name, NumericText.ParsePrefix(s)),
        _ => null,
    };
}
