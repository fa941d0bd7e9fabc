namespace Yoda.Sql.Ast;

public enum UnaryOperator
{
    Negate,
    Plus,
    Not,
    BitNot,
}
