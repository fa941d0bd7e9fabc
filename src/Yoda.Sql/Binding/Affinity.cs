namespace Yoda.Sql.Binding;

/// <summary>SQLite's type affinity of an expression, which decides conversions before a comparison.</summary>
internal enum Affinity
{
    None,

    /// <summary>INTEGER or NUMERIC affinity (they convert alike before a comparison).</summary>
    Numeric,

    Text,

    /// <summary>REAL affinity: numeric, and a REAL column's INTEGER values read as REALs.</summary>
    Real,
}
