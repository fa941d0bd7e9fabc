namespace Yoda.Oltp;

internal sealed partial class LiteralParameterizer
{
    /// <summary>
    /// Rewrites <c>UPDATE [OR …] name SET column = value, … [WHERE column = value AND …]</c> and
    /// <c>DELETE FROM name [WHERE column = value AND …]</c> where every value is a plain literal:
    /// in those places a literal is a whole operand of <c>=</c> or a whole assigned value, so a
    /// bound value means the same. Any other form (other operators, <c>OR</c>, expressions,
    /// <c>FROM</c>, <c>RETURNING</c>, <c>LIMIT</c>, a doubtful literal) is not rewritten.
    /// </summary>
    private bool TryRewriteEqualities(string sql)
    {
        var token = SqlToken.Next(sql, 0);
        var copied = 0;
        if (token.IsWord(sql, "UPDATE"))
        {
            token = SqlToken.Next(sql, token.End);
            if (token.IsWord(sql, "OR"))
            {
                token = SqlToken.Next(sql, SqlToken.Next(sql, token.End).End);
            }

            if (!SkipTableName(sql, ref token) || !token.IsWord(sql, "SET") || !RewriteEqualities(sql, ref token, ref copied, where: false))
            {
                return false;
            }
        }
        else if (token.IsWord(sql, "DELETE"))
        {
            token = SqlToken.Next(sql, token.End);
            if (!token.IsWord(sql, "FROM"))
            {
                return false;
            }

            token = SqlToken.Next(sql, token.End);
            if (!SkipTableName(sql, ref token))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (token.IsWord(sql, "WHERE") && !RewriteEqualities(sql, ref token, ref copied, where: true))
        {
            return false;
        }

        return EndsStatement(sql, token, copied);
    }

    /// <summary>Moves <paramref name="token"/> past <c>name</c> or <c>schema.name</c>.</summary>
    private static bool SkipTableName(string sql, ref SqlToken token)
    {
        if (!IsName(token))
        {
            return false;
        }

        token = SqlToken.Next(sql, token.End);
        if (token.IsSymbol(sql, '.'))
        {
            token = SqlToken.Next(sql, token.End);
            if (!IsName(token))
            {
                return false;
            }

            token = SqlToken.Next(sql, token.End);
        }

        return true;
    }

    /// <summary>
    /// Rewrites the terms <c>column = literal</c> after <paramref name="token"/> (<c>SET</c> or
    /// <c>WHERE</c>), separated by <c>,</c> (assignments) or <c>AND</c> (<paramref name="where"/>);
    /// <paramref name="token"/> ends on the token after the last literal (anything but the end of
    /// the clause there, such as <c>+</c> or <c>OR</c>, makes the caller refuse the statement).
    /// </summary>
    private bool RewriteEqualities(string sql, ref SqlToken token, ref int copied, bool where)
    {
        do
        {
            var column = SqlToken.Next(sql, token.End);
            var equals = SqlToken.Next(sql, column.End);
            var first = SqlToken.Next(sql, equals.End);
            if (!IsName(column) || !equals.IsSymbol(sql, '=') || Values.Count == MaxValues
                || !LiteralValue.TryRead(sql, first, out var value, out var literalEnd))
            {
                return false;
            }

            var after = SqlToken.Next(sql, literalEnd);
            Append(sql.AsSpan(copied, first.Start - copied));
            Values.Add(value);
            AppendPlaceholder(Values.Count);
            copied = literalEnd;
            token = after;
        }
        while (where ? token.IsWord(sql, "AND") : token.IsSymbol(sql, ','));

        return true;
    }

    private static bool IsName(SqlToken token) => token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName;
}
