using Superpower.Display;

namespace Yoda.Sql.Parsing;

/// <summary>The kinds of token the SQL tokenizer produces. Keywords are <see cref="Identifier"/>s, matched by text.</summary>
public enum SqlToken
{
    [Token(Description = "identifier")]
    Identifier,

    [Token(Description = "quoted identifier")]
    QuotedIdentifier,

    [Token(Description = "string literal")]
    String,

    [Token(Description = "blob literal")]
    Blob,

    [Token(Description = "integer literal")]
    Integer,

    [Token(Description = "hexadecimal literal")]
    HexInteger,

    [Token(Description = "real literal")]
    Real,

    [Token(Description = "parameter")]
    Parameter,

    [Token(Example = "(")]
    LParen,

    [Token(Example = ")")]
    RParen,

    [Token(Example = ",")]
    Comma,

    [Token(Example = ".")]
    Dot,

    [Token(Example = ";")]
    Semicolon,

    [Token(Example = "+")]
    Plus,

    [Token(Example = "-")]
    Minus,

    [Token(Example = "*")]
    Star,

    [Token(Example = "/")]
    Slash,

    [Token(Example = "%")]
    Percent,

    [Token(Example = "||")]
    Concat,

    [Token(Example = "=")]
    Equal,

    [Token(Example = "<>")]
    NotEqual,

    [Token(Example = "<")]
    Less,

    [Token(Example = "<=")]
    LessOrEqual,

    [Token(Example = ">")]
    Greater,

    [Token(Example = ">=")]
    GreaterOrEqual,

    [Token(Example = "&")]
    Ampersand,

    [Token(Example = "|")]
    Pipe,

    [Token(Example = "<<")]
    ShiftLeft,

    [Token(Example = ">>")]
    ShiftRight,

    [Token(Example = "~")]
    Tilde,

    [Token(Example = "->")]
    Arrow,

    [Token(Example = "->>")]
    DoubleArrow,
}
