namespace Yoda;

/// <summary>A SQL text that cannot be parsed; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public class SqlParseException : YodaException
{
    public SqlParseException(string message, int line, int column)
        : base(FormatMessage(message, line, column))
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    private static string FormatMessage(string message, int line, int column) =>
        message.Contains("(line ", StringComparison.Ordinal)
            ? message
            : $"{message} (line {line}, column {column})";
}
