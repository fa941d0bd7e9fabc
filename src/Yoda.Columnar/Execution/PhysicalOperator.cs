namespace Yoda.Columnar.Execution;

/// <summary>A node of a physical plan: pulls chunks from its children and yields chunks.</summary>
public abstract class PhysicalOperator
{
    /// <summary>The kind of each output column.</summary>
    public abstract IReadOnlyList<ValueKind> OutputKinds { get; }

    public abstract IReadOnlyList<PhysicalOperator> Children { get; }

    /// <summary>One line for EXPLAIN, e.g. <c>Filter (a &gt; 1)</c>.</summary>
    public abstract string Describe();

    public abstract IEnumerable<Chunk> Execute(CancellationToken ct);

    /// <summary>
    /// Starts one execution split into morsels that may run on different threads at once (a scan's
    /// segments, through filters, projections and hash-join probes that keep no state between
    /// chunks), or null when this operator cannot split. The chunks of morsels 0, 1, … in turn are
    /// exactly the chunks <see cref="Execute"/> would yield.
    /// </summary>
    public virtual MorselSource? OpenMorsels(CancellationToken ct) => null;

    /// <summary>
    /// For each morsel of <see cref="OpenMorsels"/>, what the INTEGER output column <paramref name="column"/>
    /// can hold, known without reading the rows (a stored column's zone maps); null when not known.
    /// </summary>
    public virtual IReadOnlyList<MorselKeyRange>? MorselKeyRanges(int column) => null;

    /// <summary>The plan below and including this operator, one operator per line, children indented by two spaces.</summary>
    public string Explain()
    {
        var lines = new List<string>();
        void Walk(PhysicalOperator op, int depth)
        {
            lines.Add(new string(' ', depth * 2) + op.Describe());
            foreach (var child in op.Children)
            {
                Walk(child, depth + 1);
            }
        }

        Walk(this, 0);
        return string.Join('\n', lines);
    }
}
