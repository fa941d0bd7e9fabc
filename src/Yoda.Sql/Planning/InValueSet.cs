using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The values of an IN subquery, hashed after the comparison affinity is applied (numeric text
/// becomes a number, or numbers become text), so that membership is SQLite's equality; integral
/// reals are stored as integers because 1 = 1.0. The INTEGER members are also kept unboxed, for
/// INTEGER operands looked up row by row. <see cref="HeldBytes"/> estimates what the set holds,
/// for the query memory limit (the statement keeps a subquery's sets until it ends).
/// </summary>
internal sealed class InValueSet(Affinity affinity)
{
    private readonly HashSet<object> _values = [];
    private readonly HashSet<long> _integers = [];
    private bool _hasNull;
    private bool _empty = true;

    /// <summary>Bytes for a set object and its two hash sets, empty.</summary>
    private const long EmptyBytes = 256;

    /// <summary>Bytes for an entry of a hash set (hash code, next index, value, a bucket), besides a boxed value.</summary>
    private const long EntryBytes = 24;

    /// <summary>Estimated bytes the set holds: its entries and the boxed values they keep.</summary>
    public long HeldBytes { get; private set; } = EmptyBytes;

    /// <summary>
    /// The INTEGER members (integral reals and numeric texts included once the affinity made them
    /// integers). Unless the affinity is TEXT, a non-NULL INTEGER is in the set exactly when it is one
    /// of these; a NULL member only turns a miss into NULL, which no filter keeps either.
    /// </summary>
    public IReadOnlySet<long> Integers => _integers;

    /// <summary>
    /// The values of a one-column subquery's rows. The set is kept for the rest of the statement, so
    /// what it holds counts against <paramref name="kept"/> (the statement's memory) a chunk at a time:
    /// a set past the limit fails while it grows.
    /// </summary>
    public static InValueSet Of(IEnumerable<Chunk> rows, Affinity affinity, QueryMemory? kept)
    {
        var set = new InValueSet(affinity);
        long counted = 0;
        foreach (var chunk in rows)
        {
            foreach (var row in chunk.Selection)
            {
                set.Add(chunk.Columns[0].GetValue(row));
            }

            kept?.Reserve(set.HeldBytes - counted);
            counted = set.HeldBytes;
        }

        return set;
    }

    public void Add(object? value)
    {
        _empty = false;
        if (value is null)
        {
            _hasNull = true;
            return;
        }

        var normalized = Normalize(value);
        if (!_values.Add(normalized))
        {
            return;
        }

        // A blob is kept as a record holding its hex text.
        HeldBytes += EntryBytes + (normalized is BlobKey blob ? 24 + QueryMemory.BoxedBytes(blob.Hex) : QueryMemory.BoxedBytes(normalized));
        if (normalized is long integer)
        {
            _integers.Add(integer);
            HeldBytes += EntryBytes;
        }
    }

    /// <summary><c>value IN set</c> with three-valued logic: null for unknown.</summary>
    public bool? Contains(object? value) =>
        _empty ? false
        : value is null ? null
        : _values.Contains(Normalize(value)) ? true
        : _hasNull ? null
        : false;

    /// <summary><see cref="Contains(object?)"/> of a non-NULL INTEGER, without boxing it.</summary>
    public bool? Contains(long value) =>
        affinity == Affinity.Text ? Contains((object)value)
        : _empty ? false
        : _integers.Contains(value) ? true
        : _hasNull ? null
        : false;

    private object Normalize(object value)
    {
        value = (affinity, value) switch
        {
            (Affinity.Numeric or Affinity.Real, string s) => NumericText.TryWellFormed(s) ?? s,
            (Affinity.Text, long or double) => NumericText.ToText(value),
            _ => value,
        };
        return value switch
        {
            double d when NumericText.IsExactInteger(d) => (long)d,
            byte[] b => new BlobKey(Convert.ToHexString(b)),
            _ => value,
        };
    }

    private sealed record BlobKey(string Hex);
}
