namespace Yoda.Columnar.Execution.Expressions;

public enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    BitAnd,
    BitOr,
    ShiftLeft,
    ShiftRight,
}
