namespace Yoda.Sql.Ast;

/// <summary>The operators of a compound select; SQLite gives them equal precedence, applied left to right.</summary>
public enum SetOperator
{
    Union,
    UnionAll,
    Intersect,
    Except,
}
