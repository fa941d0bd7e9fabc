namespace Yoda.Sql.Ast;

public enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Is,
    IsNot,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    BitAnd,
    BitOr,
    ShiftLeft,
    ShiftRight,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Concat,
}
