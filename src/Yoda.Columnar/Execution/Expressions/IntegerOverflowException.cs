namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// An INTEGER + - * / or unary - left the 64-bit range. <see cref="Expression"/> names the
/// operation (its canonical text) once the expression that overflowed has caught and tagged it,
/// so that the query can be planned again with that operation's result typed per row.
/// </summary>
public sealed class IntegerOverflowException(string message, string? expression = null) : YodaException(message)
{
    public string? Expression { get; } = expression;

    public IntegerOverflowException At(string expression) => new(Message, expression);
}
