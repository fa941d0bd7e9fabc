using Superpower;
using Superpower.Model;

namespace Yoda.Sql.Parsing;

/// <summary>Parsers that recognise syntax of the SQLite dialect the OLAP path does not run yet, and say so.</summary>
internal static class Unsupported
{
    /// <summary>Fails with "<paramref name="feature"/> is not supported yet" once <paramref name="trigger"/> matches.</summary>
    public static TokenListParser<SqlToken, T> When<T, TAny>(TokenListParser<SqlToken, TAny> trigger, string feature) =>
        trigger.Select<SqlToken, TAny, T>(_ => throw NotSupported(feature));

    public static YodaException NotSupported(string feature) => new($"{feature} is not supported yet");
}
