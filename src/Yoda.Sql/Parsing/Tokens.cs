using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace Yoda.Sql.Parsing;

/// <summary>
/// One shared parser per token kind. Superpower's <see cref="Token.EqualTo{TKind}(TKind)"/> reads the
/// kind's <c>[Token]</c> attribute through reflection each time it builds a parser, and the LINQ
/// query parsers build their later clauses while parsing (a <c>from … in</c> after the first one
/// is a lambda): building them per use made reflection most of the parse time.
/// </summary>
internal static class Tokens
{
    private static readonly TokenListParser<SqlToken, Token<SqlToken>>[] ByKind =
        [.. Enum.GetValues<SqlToken>().Select(kind => Token.EqualTo(kind))];

    public static TokenListParser<SqlToken, Token<SqlToken>> Of(SqlToken kind) => ByKind[(int)kind];
}
