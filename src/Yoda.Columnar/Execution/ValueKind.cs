namespace Yoda.Columnar.Execution;

/// <summary>
/// SQLite's storage classes besides NULL. Every vector and expression has one statically; NULL is
/// a per-row flag. An expression that is only ever NULL is an <see cref="Integer"/> vector of nulls.
/// </summary>
public enum ValueKind
{
    Integer,
    Real,
    Text,
    Blob,
}
