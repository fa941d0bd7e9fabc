using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The rows a recursive CTE joined by UNION has seen, compared as SQLite's distinct table compares
/// them: NULLs equal, an INTEGER equal to a REAL of the same value (1 and 1.0, so a recursion that
/// only changes a value's class ends), text under each column's collation. <see cref="HeldBytes"/>
/// estimates what it holds, for the query memory limit.
/// </summary>
internal sealed class RecursiveDistinct(IReadOnlyList<Collation> collations)
{
    private readonly HashSet<object?[]> _seen = new(RowValuesComparer.Instance);

    /// <summary>Estimated bytes held: a hash set entry (hash code, next index, the row, a bucket) and the row's values a row seen.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>Whether the row is new (and remembers it).</summary>
    public bool Add(Chunk chunk, int row)
    {
        var key = new object?[chunk.Columns.Length];
        for (var c = 0; c < key.Length; c++)
        {
            key[c] = Key(chunk.Columns[c].GetValue(row), collations[c]);
        }

        if (!_seen.Add(key))
        {
            return false;
        }

        HeldBytes += 24 + QueryMemory.BoxedRowBytes(key);
        return true;
    }

    private static object? Key(object? value, Collation collation) => value switch
    {
        double d when NumericText.IsExactInteger(d) => (long)d,
        string s when collation == Collation.NoCase => TextKernels.AsciiLower(s),
        string s when collation == Collation.RTrim => s.TrimEnd(' '),
        _ => value,
    };
}
