using System.Globalization;

namespace Yoda.Oltp;

/// <summary>
/// Rewrites an <c>INSERT … VALUES</c> statement (or a simple <c>UPDATE</c> or <c>DELETE</c>, see
/// <see cref="TryRewriteEqualities"/>) into its shape — the same text with each value
/// that is a plain (signed) literal replaced by a numbered placeholder — and the literals'
/// values, so that a batch of statements differing only in their values prepares one statement
/// instead of one per row (SQLite compiles the capture triggers into each statement it prepares).
/// </summary>
/// <remarks>
/// A bound value behaves as its literal: neither has an affinity, and a column's affinity applies
/// to both alike, so the value only has to be the one SQLite reads from the literal. Whatever is
/// doubtful stays literal text in the shape: integers beyond 64 bits (SQLite reads them as REAL),
/// reals with more than 15 significant digits or a power of ten beyond 10^22 (the only ones where
/// two parsers' rounding could differ), texts with NUL or surrogate characters, empty blobs,
/// <c>TRUE</c>/<c>FALSE</c>, and any value that is more than a signed literal. Statements of
/// any other form, or with placeholders, hexadecimal numbers or text the scanner is unsure of,
/// are not rewritten at all.
/// </remarks>
internal sealed partial class LiteralParameterizer
{
    /// <summary>
    /// Most values one statement binds. A statement with more is not rewritten: a multi-row
    /// <c>INSERT</c> already spreads the trigger compile over its rows. With the cap at 999 and the
    /// rest kept as literals, every 256-row insert of the benchmark loader had its own shape and
    /// loading ran 4× slower.
    /// </summary>
    private const int MaxValues = 64;

    private char[] _shape = new char[256];

    /// <summary>The text of the last statement found up to the <c>(</c> of its first row (see <see cref="TryFindFirstRow"/>).</summary>
    private string _head = string.Empty;
    private int _length;

    /// <summary>The shape of the last statement rewritten, placeholders numbered <c>?1</c>, <c>?2</c>, … in order.</summary>
    public ReadOnlySpan<char> Shape => _shape.AsSpan(0, _length);

    /// <summary>The value of each placeholder of <see cref="Shape"/>, in order; texts and blobs are read from the statement rewritten.</summary>
    public List<Literal> Values { get; } = [];

    /// <summary>Rewrites <paramref name="sql"/> into <see cref="Shape"/> and <see cref="Values"/>; false when it is not of the form handled.</summary>
    public bool TryRewrite(string sql)
    {
        _length = 0;
        Values.Clear();
        if (!TryFindFirstRow(sql, out var token))
        {
            return TryRewriteEqualities(sql);
        }

        var copied = 0;
        while (true)
        {
            if (!RewriteRow(sql, ref token, ref copied))
            {
                return false;
            }

            token = SqlToken.Next(sql, token.End);
            if (!token.IsSymbol(sql, ','))
            {
                break;
            }

            token = SqlToken.Next(sql, token.End);
            if (!token.IsSymbol(sql, '('))
            {
                return false;
            }
        }

        return EndsStatement(sql, token, copied);
    }

    /// <summary>
    /// True when <paramref name="token"/> ends the statement (an optional <c>;</c>, then nothing);
    /// the text after the last literal replaced (from <paramref name="copied"/>) is then appended.
    /// </summary>
    private bool EndsStatement(string sql, SqlToken token, int copied)
    {
        if (token.IsSymbol(sql, ';'))
        {
            token = SqlToken.Next(sql, token.End);
        }

        if (token.Kind != SqlTokenKind.End)
        {
            return false;
        }

        Append(sql.AsSpan(copied));
        return true;
    }

    /// <summary>
    /// Finds the <c>(</c> of the first row of <c>INSERT [OR …] INTO name [(columns)] VALUES (</c>.
    /// A statement that starts with the same text up to that <c>(</c> as the last one found is not
    /// scanned again: its tokens there are the same, since none of them looks past the <c>(</c>.
    /// </summary>
    private bool TryFindFirstRow(string sql, out SqlToken open)
    {
        if (_head.Length > 0 && sql.StartsWith(_head, StringComparison.Ordinal))
        {
            open = new SqlToken(SqlTokenKind.Symbol, _head.Length - 1, _head.Length);
            return true;
        }

        open = SqlToken.Next(sql, 0);
        if ((!open.IsWord(sql, "INSERT") && !open.IsWord(sql, "REPLACE")) || !SkipToValues(sql, ref open))
        {
            return false;
        }

        open = SqlToken.Next(sql, open.End);
        if (!open.IsSymbol(sql, '('))
        {
            return false;
        }

        _head = sql[..open.End];
        return true;
    }

    /// <summary>Moves <paramref name="token"/> to the <c>VALUES</c> keyword of <c>INSERT [OR …] INTO name [(columns)] VALUES</c>.</summary>
    private static bool SkipToValues(string sql, ref SqlToken token)
    {
        var depth = 0;
        while (true)
        {
            token = SqlToken.Next(sql, token.End);
            switch (token.Kind)
            {
                case SqlTokenKind.End or SqlTokenKind.Variable or SqlTokenKind.Unsure:
                    return false;
                case SqlTokenKind.Word when depth == 0 && token.IsWord(sql, "VALUES"):
                    return true;
                case SqlTokenKind.Word when token.IsWord(sql, "SELECT") || token.IsWord(sql, "WITH") || token.IsWord(sql, "DEFAULT"):
                    return false;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, '('):
                    depth++;
                    break;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, ')'):
                    depth--;
                    break;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, ';'):
                    return false;
            }
        }
    }

    /// <summary>Rewrites the values of one row; <paramref name="token"/> goes from its <c>(</c> to its <c>)</c>.</summary>
    private bool RewriteRow(string sql, ref SqlToken token, ref int copied)
    {
        do
        {
            var first = SqlToken.Next(sql, token.End);
            if (Values.Count == MaxValues)
            {
                return false;
            }

            if (LiteralValue.TryRead(sql, first, out var value, out var literalEnd)
                && SqlToken.Next(sql, literalEnd) is var after && (after.IsSymbol(sql, ',') || after.IsSymbol(sql, ')')))
            {
                Append(sql.AsSpan(copied, first.Start - copied));
                Values.Add(value);
                AppendPlaceholder(Values.Count);
                copied = literalEnd;
                token = after;
            }
            else if (!SkipExpression(sql, first, out token))
            {
                return false;
            }
        }
        while (token.IsSymbol(sql, ','));

        return true;
    }

    /// <summary>Passes over a value kept as text, to the <c>,</c> or <c>)</c> that ends it.</summary>
    private static bool SkipExpression(string sql, SqlToken token, out SqlToken end)
    {
        var depth = 0;
        while (true)
        {
            switch (token.Kind)
            {
                case SqlTokenKind.End or SqlTokenKind.Variable or SqlTokenKind.Unsure:
                    end = token;
                    return false;
                case SqlTokenKind.Symbol when depth == 0 && (token.IsSymbol(sql, ',') || token.IsSymbol(sql, ')')):
                    end = token;
                    return true;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, '('):
                    depth++;
                    break;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, ')'):
                    depth--;
                    break;
                case SqlTokenKind.Symbol when token.IsSymbol(sql, ';'):
                    end = token;
                    return false;
            }

            token = SqlToken.Next(sql, token.End);
        }
    }

    private void AppendPlaceholder(int number)
    {
        Span<char> text = stackalloc char[12];
        text[0] = '?';
        number.TryFormat(text[1..], out var written, provider: CultureInfo.InvariantCulture);
        Append(text[..(written + 1)]);
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _shape.Length)
        {
            Array.Resize(ref _shape, Math.Max(_shape.Length * 2, _length + text.Length));
        }

        text.CopyTo(_shape.AsSpan(_length));
        _length += text.Length;
    }
}
