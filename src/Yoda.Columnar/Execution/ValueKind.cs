namespace Yoda.Columnar.Execution;

/// <summary>
/// SQLite's storage classes besides NULL. Every vector and expression has one statically; NULL is
/// a per-row flag. An expression that is only ever NULL is an <see cref="Integer"/> vector of nulls.
/// <see cref="Dynamic"/> is the exception: an expression whose storage class SQLite decides per row
/// (a CASE with INTEGER and REAL branches, arithmetic on TEXT, an INTEGER overflowing to REAL);
/// its vectors carry a <see cref="DynamicValues"/> with a per-row INTEGER, REAL or TEXT tag.
/// </summary>
public enum ValueKind
{
    Integer,
    Real,
    Text,
    Blob,
    Dynamic,
}
