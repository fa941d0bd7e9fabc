namespace Yoda.Oltp;

/// <summary>What a <see cref="Literal"/> holds, and where its value is.</summary>
internal enum LiteralKind
{
    Null,

    /// <summary>In <see cref="Literal.Integer"/>.</summary>
    Integer,

    /// <summary>In <see cref="Literal.Real"/>.</summary>
    Real,

    /// <summary>The statement's characters between the quotes, as they are.</summary>
    Text,

    /// <summary>The statement's characters between the quotes, each <c>''</c> standing for one quote.</summary>
    EscapedText,

    /// <summary>The statement's hexadecimal digits between <c>X'</c> and <c>'</c>, an even number of them (never none).</summary>
    Blob,
}
