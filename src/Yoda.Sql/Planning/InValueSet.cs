using Yoda.Columnar.Execution;
using Yoda.Columnar.Kernels;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// The values of an IN subquery, hashed after the comparison affinity is applied (numeric text
/// becomes a number, or numbers become text), so that membership is SQLite's equality; integral
/// reals are stored as integers because 1 = 1.0. The INTEGER members are also kept unboxed, for
/// INTEGER operands looked up row by row.
/// </summary>
internal sealed class InValueSet(Affinity affinity)
{
    private readonly HashSet<object> _values = [];
    private readonly HashSet<long> _integers = [];
    private bool _hasNull;
    private bool _empty = true;

    /// <summary>
    /// The INTEGER members (integral reals and numeric texts included once the affinity made them
    /// integers). Unless the affinity is TEXT, a non-NULL INTEGER is in the set exactly when it is one
    /// of these; a NULL member only turns a miss into NULL, which no filter keeps either.
    /// </summary>
    public IReadOnlySet<long> Integers => _integers;

    /// <summary>The values of a one-column subquery's rows.</summary>
    public static InValueSet Of(IEnumerable<Chunk> rows, Affinity affinity)
    {
        var set = new InValueSet(affinity);
        foreach (var chunk in rows)
        {
            foreach (var row in chunk.Selection)
            {
                set.Add(chunk.Columns[0].GetValue(row));
            }
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
        _values.Add(normalized);
        if (normalized is long integer)
        {
            _integers.Add(integer);
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
