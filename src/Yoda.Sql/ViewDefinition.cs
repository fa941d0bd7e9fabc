using Yoda.Sql.Parsing;

namespace Yoda.Sql;

/// <summary>A view as SQLite stores it: its name, its optional column list and the text of its query.</summary>
public sealed record ViewDefinition(string Name, IReadOnlyList<string> Columns, string Query)
{
    /// <summary>Why the view cannot be used on the OLAP side (its definition could not be read), or null.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Reads <c>CREATE [TEMP] VIEW [IF NOT EXISTS] [schema.]name [(columns)] AS query</c>, the text
    /// SQLite keeps in sqlite_schema.
    /// </summary>
    public static ViewDefinition FromCreateStatement(string sql)
    {
        var tokens = SqlParser.Tokenize(sql);
        var i = 0;
        bool Is(string word) => i < tokens.Length && Keywords.IsKeyword(tokens[i], word);
        string Name() => tokens[i].Kind == SqlToken.QuotedIdentifier || tokens[i].Kind == SqlToken.String
            ? ExpressionParsers.Unquote(tokens[i++].ToStringValue())
            : tokens[i++].ToStringValue();

        if (!Is("CREATE"))
        {
            throw new YodaException($"not a CREATE VIEW statement: {sql}");
        }

        i++;
        if (Is("TEMP") || Is("TEMPORARY"))
        {
            i++;
        }

        if (!Is("VIEW"))
        {
            throw new YodaException($"not a CREATE VIEW statement: {sql}");
        }

        i++;
        if (Is("IF"))
        {
            i += 3;
        }

        var name = Name();
        if (i < tokens.Length && tokens[i].Kind == SqlToken.Dot)
        {
            i++;
            name = Name();
        }

        var columns = new List<string>();
        if (i < tokens.Length && tokens[i].Kind == SqlToken.LParen)
        {
            i++;
            while (i < tokens.Length && tokens[i].Kind != SqlToken.RParen)
            {
                if (tokens[i].Kind == SqlToken.Comma)
                {
                    i++;
                    continue;
                }

                columns.Add(Name());
            }

            i++;
        }

        if (!Is("AS") || i + 1 >= tokens.Length)
        {
            throw new YodaException($"not a CREATE VIEW statement: {sql}");
        }

        return new ViewDefinition(name, columns, sql[tokens[i + 1].Position.Absolute..]);
    }
}
