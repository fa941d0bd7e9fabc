using System.Text;

namespace Yoda.Testing.Queries;

/// <summary>The static type the generator gives an expression. <see cref="Bool"/> is a predicate (0, 1 or NULL in SQLite).</summary>
public enum ExprKind
{
    Integer,
    Real,
    Text,
    Blob,
    Bool,
}

/// <summary>
/// A generated SQL expression: a template whose <c>{0}</c>, <c>{1}</c>, ... are filled with the
/// rendered arguments. Kept as a tree so that shrinking can replace a node by one of its children.
/// </summary>
public sealed record SqlExpr(string Template, ExprKind Kind, IReadOnlyList<SqlExpr> Args, bool IsAggregate = false, bool IsColumn = false)
{
    public static SqlExpr Leaf(string sql, ExprKind kind) => new(Escape(sql), kind, []);

    /// <summary>SQL text as part of a template: its braces doubled so they are not read as placeholders.</summary>
    public static string Escape(string sql) => sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    public static SqlExpr Column(string sql, ExprKind kind) => Leaf(sql, kind) with { IsColumn = true };

    public bool ContainsAggregate => IsAggregate || Args.Any(a => a.ContainsAggregate);

    /// <summary>Whether a column occurs in the expression (otherwise it is constant).</summary>
    public bool ContainsColumn => IsColumn || Args.Any(a => a.ContainsColumn);

    public string Render()
    {
        var sb = new StringBuilder();
        var t = Template;
        for (var i = 0; i < t.Length; i++)
        {
            if (t[i] == '{' && i + 1 < t.Length && t[i + 1] == '{')
            {
                sb.Append('{');
                i++;
            }
            else if (t[i] == '}' && i + 1 < t.Length && t[i + 1] == '}')
            {
                sb.Append('}');
                i++;
            }
            else if (t[i] == '{')
            {
                var end = t.IndexOf('}', i);
                sb.Append(Args[int.Parse(t.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture)].Render());
                i = end;
            }
            else
            {
                sb.Append(t[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Simpler expressions of the same kind: a child of the same kind, or this node with a simpler argument.</summary>
    public IEnumerable<SqlExpr> Shrink()
    {
        foreach (var a in Args)
        {
            if (a.Kind == Kind && a.ContainsAggregate == ContainsAggregate)
            {
                yield return a;
            }
        }

        for (var i = 0; i < Args.Count; i++)
        {
            foreach (var smaller in Args[i].Shrink())
            {
                var args = Args.ToArray();
                args[i] = smaller;
                yield return this with { Args = args };
            }
        }
    }

    public override string ToString() => Render();
}
