namespace Yoda;

/// <summary>
/// Every engine-side failure: constraint violations, unknown tables or columns, SQL errors,
/// I/O failures. The message says what failed and, for SQL, where.
/// </summary>
/// <remarks>
/// Declared in the lowest layer so that every Yoda assembly can throw it; it belongs to the
/// public API (namespace <c>Yoda</c>) and reaches users through Yoda.Core's references.
/// </remarks>
public class YodaException : Exception
{
    public YodaException(string message) : base(message) { }

    public YodaException(string message, Exception? innerException) : base(message, innerException) { }
}
