namespace Yoda.Sql.Binding;

/// <summary>
/// The outer values a subquery reads: <see cref="References"/> are expressions of the enclosing
/// query (its columns, or its own outer references), and <see cref="Values"/> holds them for the
/// outer row the subquery is being run for.
/// </summary>
internal sealed class CorrelationFrame
{
    private readonly List<BoundExpr> _references = [];

    public IReadOnlyList<BoundExpr> References => _references;

    public object?[] Values { get; set; } = [];

    /// <summary>The slot of <paramref name="outer"/>, added if new.</summary>
    public int Register(BoundExpr outer)
    {
        var index = _references.IndexOf(outer);
        if (index >= 0)
        {
            return index;
        }

        _references.Add(outer);
        return _references.Count - 1;
    }
}

/// <summary>A subquery's link to the query around it: that query's binder, and the frame its outer references go through.</summary>
internal sealed record Correlation(Binder Outer, CorrelationFrame Frame);
