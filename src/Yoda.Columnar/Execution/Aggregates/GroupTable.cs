using Yoda.Columnar.Execution.Buffers;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// Maps grouping-key values to dense group ids in order of first appearance, remembering each
/// group's key. NULLs form one group, as GROUP BY and DISTINCT treat them; so do equal values of
/// different classes (1 and 1.0), and the group keeps the value of its first row.
/// </summary>
public abstract class GroupTable
{
    public abstract int Count { get; }

    /// <summary>
    /// A table for keys of these kinds: specialised by key shape (<see cref="KeyColumnGroupTable"/>),
    /// or the boxed reference implementation (<see cref="GenericGroupTable"/>), which also takes
    /// dynamic keys. The specialised table rents its large arrays from <paramref name="buffers"/>.
    /// </summary>
    public static GroupTable Create(IReadOnlyList<ValueKind> keyKinds, bool specialised, QueryBuffers? buffers = null) =>
        specialised && !keyKinds.Contains(ValueKind.Dynamic) ? new KeyColumnGroupTable(keyKinds, buffers) : new GenericGroupTable(keyKinds);

    /// <summary>Fills <paramref name="groups"/>[k] with the group id of row <c>rows[k]</c>, creating groups as needed.</summary>
    public abstract void Assign(ColumnVector[] keys, ReadOnlySpan<int> rows, Span<int> groups);

    /// <summary>Ensures the single group of an aggregate without GROUP BY exists (it has a row even over no input).</summary>
    public abstract void EnsureSingleGroup();

    /// <summary>The key columns, one row per group in id order.</summary>
    public ColumnVector[] KeyColumns() => KeyColumnsFrom(0);

    /// <summary>The key columns of the groups from id <paramref name="first"/> on (those created since the table had that many), one row per group in id order.</summary>
    public abstract ColumnVector[] KeyColumnsFrom(int first);

    /// <summary>Bytes held per group beyond the aggregate states (for the query memory limit).</summary>
    public abstract long BytesPerGroup { get; }

    /// <summary>Bytes held besides <see cref="BytesPerGroup"/> per group: the keys whose size follows their values (texts), for the query memory limit.</summary>
    public virtual long HeldKeyBytes => 0;
}
