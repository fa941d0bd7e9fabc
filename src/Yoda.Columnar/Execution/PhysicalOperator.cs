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
    /// How many morsels this operator's output splits into, each computable on its own thread by
    /// <see cref="ExecuteMorsel"/> (a scan's segments, through filters and projections that are
    /// safe to run concurrently); 0 when it cannot be split. Morsel <c>i</c>'s chunks, for
    /// <c>i</c> = 0, 1, …, are exactly the chunks <see cref="Execute"/> yields, in that order.
    /// </summary>
    public virtual int MorselCount => 0;

    /// <summary>The chunks of one morsel (see <see cref="MorselCount"/>); may run concurrently with other morsels.</summary>
    public virtual IEnumerable<Chunk> ExecuteMorsel(int morsel, CancellationToken ct) =>
        throw new NotSupportedException($"{GetType().Name} does not split into morsels");

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
