namespace Yoda.Sql.Binding;

/// <summary>SQLite's type affinity of an expression, which decides conversions before a comparison.</summary>
internal enum Affinity
{
    None,
    Numeric,
    Text,
}
