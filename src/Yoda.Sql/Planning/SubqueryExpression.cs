using Yoda.Columnar.Execution;
using Yoda.Columnar.Execution.Expressions;
using Yoda.Sql.Binding;

namespace Yoda.Sql.Planning;

/// <summary>
/// Evaluates a scalar, EXISTS or IN subquery for each row. An uncorrelated subquery runs once; a
/// correlated one runs once per distinct combination of the outer values it reads (kept for the
/// rest of the statement). An IN subquery's values are hashed once per run, so an uncorrelated IN
/// is a hash semi-join (anti-join for NOT IN) with SQLite's NULL rules, and so is an EXISTS the
/// binder decorrelated (<see cref="SubqueryMode.ExistsMatch"/>). An uncorrelated subquery is
/// parallel-safe: it runs once, under a lock, and its result is only read afterwards, so the
/// morsels of a scan it filters (tpch-q18's <c>o_orderkey IN (SELECT …)</c>) run on several threads.
/// What it keeps for the statement (the IN sets, the results per outer values) counts against the
/// statement's memory until the statement ends; what a run's operators counted is given back after each run.
/// </summary>
internal sealed class SubqueryExpression(BoundSubquery subquery, VectorExpression? operand, VectorExpression[] keys) : VectorExpression(subquery.Kind)
{
    private readonly Dictionary<object?[], object?> _results = new(RowValuesComparer.Instance);
    private readonly InValueSet _noValues = new(subquery.InAffinity);
    private readonly Lock _uncorrelatedGate = new();
    private Dictionary<long, InValueSet>? _byKey;

    /// <summary>Bytes of an entry of <see cref="_results"/> or <see cref="_byKey"/> (hash code, next index, key, value, a bucket), besides what key and value hold.</summary>
    private const long EntryBytes = 32;

    /// <summary>The statement's memory, which the kept sets and results count against; null when nothing is counted.</summary>
    private readonly QueryMemory? _kept = subquery.Plan.Memory?.Statement is { Counts: true } statement ? statement : null;

    public override bool IsParallelSafe => keys.Length == 0 && (operand?.IsParallelSafe ?? true);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var operandValues = operand?.Evaluate(chunk);
        var keyVectors = keys.Select(k => k.Evaluate(chunk)).ToArray();
        var result = ColumnVector.Create(Kind, chunk.PhysicalLength, withNulls: true);
        object? uncorrelated = keys.Length == 0 ? Uncorrelated() : null;
        if (subquery.Mode == SubqueryMode.In && Kind == ValueKind.Integer && uncorrelated is InValueSet set && operandValues is { Kind: ValueKind.Integer })
        {
            InIntegers(set, operandValues, chunk.Selection, result);
            return result;
        }

        foreach (var row in chunk.Selection)
        {
            var outcome = subquery.Mode == SubqueryMode.InKeyed ? ValuesFor(keyVectors[0], row)
                : keys.Length == 0 ? uncorrelated
                : Result(keyVectors.Select(k => k.GetValue(row)).ToArray());
            var value = subquery.Mode switch
            {
                SubqueryMode.Scalar => outcome,
                SubqueryMode.Exists => (bool)outcome! ? 1L : 0L,
                SubqueryMode.ExistsMatch => ((InValueSet)outcome!).Contains(operandValues!.GetValue(row)) == true ? 1L : 0L,
                _ => ((InValueSet)outcome!).Contains(operandValues!.GetValue(row)) is { } found ? (found ^ subquery.Negated ? 1L : 0L) : null,
            };
            if (value is null)
            {
                result.Nulls![row] = true;
                continue;
            }

            switch (Kind)
            {
                case ValueKind.Integer: result.Longs[row] = (long)value; break;
                case ValueKind.Real: result.Doubles[row] = (double)value; break;
                case ValueKind.Text: result.Texts[row] = (string)value; break;
                case ValueKind.Dynamic: result.Dynamic.Set(row, value); break;
                default: result.Blobs[row] = (byte[])value; break;
            }
        }

        return result;
    }

    /// <summary><c>operand [NOT] IN set</c> for an INTEGER operand, row by row without boxing.</summary>
    private void InIntegers(InValueSet set, ColumnVector operand, int[] selection, ColumnVector result)
    {
        var values = operand.LongValues;
        foreach (var row in selection)
        {
            if ((operand.IsNull(row) ? set.Contains((object?)null) : set.Contains(values[row])) is { } found)
            {
                result.Longs[row] = found ^ subquery.Negated ? 1L : 0L;
            }
            else
            {
                result.Nulls![row] = true;
            }
        }
    }

    /// <summary>An <see cref="SubqueryMode.InKeyed"/> subquery's values for one key (none for a NULL or unknown key); its rows are read once.</summary>
    private InValueSet ValuesFor(ColumnVector keys, int outerRow)
    {
        if (_byKey is null)
        {
            _byKey = [];
            long held = 0;
            long counted = 0;
            foreach (var chunk in subquery.Plan.Run(subquery.Cancellation))
            {
                foreach (var row in chunk.Selection)
                {
                    if (chunk.Columns[0].GetValue(row) is long k)
                    {
                        if (!_byKey.TryGetValue(k, out var set))
                        {
                            set = new InValueSet(subquery.InAffinity);
                            _byKey.Add(k, set);
                            held += EntryBytes + set.HeldBytes;
                        }

                        var before = set.HeldBytes;
                        set.Add(chunk.Columns[1].GetValue(row));
                        held += set.HeldBytes - before;
                    }
                }

                counted = Keep(held, counted);
            }
        }

        return !keys.IsNull(outerRow) && _byKey.TryGetValue(keys.Longs[outerRow], out var values) ? values : _noValues;
    }

    /// <summary>The result of an uncorrelated subquery: run by the first thread that needs it, while the others wait.</summary>
    private object? Uncorrelated()
    {
        lock (_uncorrelatedGate)
        {
            return Result([]);
        }
    }

    private object? Result(object?[] outerValues)
    {
        if (_results.TryGetValue(outerValues, out var known))
        {
            return known;
        }

        subquery.Frame.Values = outerValues;
        var result = Run();
        _results[outerValues] = result;

        // An IN set counted itself as it was built (Run).
        _kept?.Reserve(EntryBytes + QueryMemory.BoxedRowBytes(outerValues) + (result is InValueSet ? 0 : QueryMemory.BoxedBytes(result)));
        return result;
    }

    /// <summary>Counts what a kept set holds beyond the <paramref name="counted"/> bytes counted before (a chunk at a time, so that a set past the limit fails while it grows); returns what is counted now.</summary>
    private long Keep(long held, long counted)
    {
        _kept?.Reserve(held - counted);
        return held;
    }

    /// <summary>One run of the plan; each branch enumerates its rows to the end or stops early, and either gives back what the run counted (<see cref="PhysicalPlan.Run"/>).</summary>
    private object? Run()
    {
        var rows = subquery.Plan.Run(subquery.Cancellation);
        switch (subquery.Mode)
        {
            case SubqueryMode.Scalar:
                foreach (var chunk in rows)
                {
                    if (chunk.RowCount > 0)
                    {
                        return chunk.Columns[0].GetValue(chunk.Selection[0]);
                    }
                }

                return null;
            case SubqueryMode.Exists:
                return rows.Any(chunk => chunk.RowCount > 0);
            default:
                return InValueSet.Of(rows, subquery.InAffinity, _kept);
        }
    }
}
