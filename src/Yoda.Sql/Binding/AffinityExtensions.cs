namespace Yoda.Sql.Binding;

/// <summary>Tests on <see cref="Affinity"/>.</summary>
internal static class AffinityExtensions
{
    /// <summary>INTEGER, NUMERIC or REAL affinity: text compared with such a value is read as a number where it is one.</summary>
    public static bool IsNumeric(this Affinity affinity) => affinity is Affinity.Numeric or Affinity.Real;
}
