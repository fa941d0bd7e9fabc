namespace Yoda.Sql.Binding;

/// <summary>SQLite's built-in collating sequences.</summary>
internal enum Collation
{
    Binary,
    NoCase,
    RTrim,
}
