using Superpower;

namespace Yoda.Sql.Parsing;

internal static class ParserExtensions
{
    /// <summary>The parser's value, or null when it fails without consuming input.</summary>
    public static TokenListParser<SqlToken, T?> OrNull<T>(this TokenListParser<SqlToken, T> parser)
        where T : class =>
        parser.Select<SqlToken, T, T?>(v => v).OptionalOrDefault();
}
