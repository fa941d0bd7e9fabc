namespace Yoda.Oltp;

/// <summary>
/// The value SQLite reads from one literal of a statement; texts and blobs stay where they are in
/// the statement's text (<see cref="Start"/>, <see cref="Length"/>), so reading a literal allocates nothing.
/// </summary>
internal readonly record struct Literal(LiteralKind Kind, long Integer = 0, double Real = 0, int Start = 0, int Length = 0)
{
    public static readonly Literal Null = new(LiteralKind.Null);

    /// <summary>The characters of a text or blob literal in <paramref name="sql"/>, the statement it was read from.</summary>
    public ReadOnlySpan<char> Characters(string sql) => sql.AsSpan(Start, Length);
}
