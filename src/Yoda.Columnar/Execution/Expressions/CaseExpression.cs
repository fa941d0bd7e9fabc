namespace Yoda.Columnar.Execution.Expressions;

/// <summary>
/// CASE WHEN c1 THEN v1 ... ELSE e END: each branch is evaluated only on the rows that reach it,
/// so an error in an untaken branch does not fire. Branch values must already have this kind; they
/// are copied into the result at once, so their pooled arrays go back right after. The rows are split
/// between branches in pooled scratch arrays (a comparison with a constant splits them itself), a
/// condition's INTEGER result is read without a truth array, and an exact selection array is made
/// only where a condition or branch needs a chunk of its rows; when every branch is a non-NULL
/// constant the result has no NULL array.
/// </summary>
public sealed class CaseExpression : VectorExpression
{
    private readonly IReadOnlyList<(VectorExpression When, VectorExpression Then)> _branches;
    private readonly VectorExpression? _otherwise;
    private readonly bool _mayBeNull;

    // For a CASE whose every result is a constant: each branch's (then the ELSE's) code, an index into _constants.
    private readonly long[]? _branchCodes;
    private readonly object?[] _constants = [];

    public CaseExpression(ValueKind kind, IReadOnlyList<(VectorExpression When, VectorExpression Then)> branches, VectorExpression? otherwise)
        : base(kind)
    {
        _branches = branches;
        _otherwise = otherwise;
        foreach (var (when, then) in branches)
        {
            when.MarkConsumedAtOnce();
            then.MarkConsumedAtOnce();
        }

        otherwise?.MarkConsumedAtOnce();
        _mayBeNull = otherwise is null || !branches.Select(b => b.Then).Append(otherwise).All(v => IsFilledConstant(v, kind));
        if (kind is ValueKind.Integer or ValueKind.Text
            && branches.Select(b => b.Then).Append(otherwise).All(v => v is null or ConstantExpression { Value: null } || IsFilledConstant(v, kind)))
        {
            // Equal constants share a code (two branches giving 'mobile' are one group); NULL has one too.
            var results = branches.Select(b => ((ConstantExpression)b.Then).Value).Append(((ConstantExpression?)otherwise)?.Value).ToList();
            _constants = [.. results.Distinct()];
            _branchCodes = [.. results.Select(r => (long)Array.IndexOf(_constants, r))];
        }
    }

    /// <summary>
    /// True when every result is a constant of an INTEGER or TEXT CASE (or NULL): a group key of it is
    /// then keyed by <see cref="EvaluateCodes"/>, a small integer per row, and <see cref="Decode"/>d once per group.
    /// </summary>
    public bool HasConstantResults => _branchCodes is not null;

    public override bool IsParallelSafe => _branches.All(b => b.When.IsParallelSafe && b.Then.IsParallelSafe) && (_otherwise?.IsParallelSafe ?? true);

    public override ColumnVector Evaluate(Chunk chunk)
    {
        var length = chunk.PhysicalLength;
        var result = ConsumedAtOnce && Kind is ValueKind.Integer or ValueKind.Real
            ? ColumnVector.Rent(Kind, length, _mayBeNull)
            : ColumnVector.Create(Kind, length, _mayBeNull);
        Route(chunk, result, null);
        return result;
    }

    /// <summary>
    /// For a CASE that <see cref="HasConstantResults"/>: the code of each selected row's result (an
    /// index into the distinct constants, NULL included), in a pooled INTEGER vector without NULLs
    /// that the caller gives back.
    /// </summary>
    public ColumnVector EvaluateCodes(Chunk chunk)
    {
        var codes = ChunkArrays<long>.Rent(chunk.PhysicalLength);

        // One branch over a comparison with a constant (ResolutionWidth >= 1280): each row's code in one pass, the rows not split.
        if (_branches is not [(ComparisonExpression comparison, _)] || !comparison.TryCode(chunk, codes, _branchCodes![0], _branchCodes[^1]))
        {
            Route(chunk, null, codes);
        }

        return ColumnVector.OfPooled(codes, chunk.PhysicalLength, null);
    }

    /// <summary>The results that <paramref name="codes"/> (from <see cref="EvaluateCodes"/>) stand for, row by row.</summary>
    public ColumnVector Decode(ColumnVector codes)
    {
        var values = codes.LongValues;
        var result = ColumnVector.Create(Kind, codes.Length, _constants.Contains(null));
        for (var i = 0; i < codes.Length; i++)
        {
            result.SetValue(i, _constants[values[i]]);
        }

        return result;
    }

    /// <summary>
    /// Sends each selected row to the first branch whose condition holds (else to the ELSE): copies
    /// that branch's value into <paramref name="result"/>, or writes its code into <paramref name="codes"/>.
    /// </summary>
    private void Route(Chunk chunk, ColumnVector? result, long[]? codes)
    {
        var matchedBuffer = ChunkArrays<int>.Rent(Math.Max(chunk.RowCount, 1));
        var restBuffer = ChunkArrays<int>.Rent(Math.Max(chunk.RowCount, 1));

        // The rows no branch has taken yet: the chunk's selection, then a prefix of restBuffer;
        // `selection` is an exact array of them, copied before the next split overwrites restBuffer.
        ReadOnlySpan<int> remaining = chunk.Selection;
        int[]? selection = chunk.Selection;
        for (var b = 0; b < _branches.Count; b++)
        {
            var (when, then) = _branches[b];
            if (remaining.Length == 0)
            {
                break;
            }

            selection ??= remaining.ToArray();
            var candidates = ReferenceEquals(selection, chunk.Selection) ? chunk : chunk.WithSelection(selection);
            if (when is not ComparisonExpression comparison || !comparison.TrySplit(candidates, matchedBuffer, restBuffer, out var matched, out var rest))
            {
                var condition = when.Evaluate(candidates);
                (matched, rest) = Split(chunk, selection, condition, matchedBuffer, restBuffer);
                condition.ReturnToPool();
            }

            if (matched == 0)
            {
                continue;
            }

            if (codes is not null)
            {
                Fill(codes, _branchCodes![b], matchedBuffer.AsSpan(0, matched));
            }
            else
            {
                CopyRows(result!, then, chunk, matchedBuffer.AsSpan(0, matched));
            }

            remaining = restBuffer.AsSpan(0, rest);
            selection = null;
        }

        if (codes is not null)
        {
            Fill(codes, _branchCodes![^1], remaining);
        }
        else if (_otherwise is not null)
        {
            CopyRows(result!, _otherwise, chunk, remaining);
        }
        else
        {
            foreach (var i in remaining)
            {
                result!.Nulls![i] = true;
            }
        }

        ChunkArrays<int>.Return(matchedBuffer);
        ChunkArrays<int>.Return(restBuffer);
    }

    /// <summary>
    /// Splits <paramref name="rows"/> into those whose condition is true (into <paramref name="matched"/>)
    /// and the others, NULL included (into <paramref name="rest"/>, which may hold <paramref name="rows"/> itself).
    /// </summary>
    private static (int Matched, int Others) Split(Chunk chunk, int[] rows, ColumnVector condition, int[] matched, int[] rest)
    {
        var m = 0;
        var r = 0;
        if (condition.Kind == ValueKind.Integer)
        {
            // A comparison's or logical operator's 1/0/NULL, read without a truth array.
            var values = condition.LongValues;
            var nulls = condition.Nulls;
            foreach (var i in rows)
            {
                var isTrue = values[i] != 0 && (nulls is null || !nulls[i]);
                matched[m] = i;
                rest[r] = i;
                m += isTrue ? 1 : 0;
                r += isTrue ? 0 : 1;
            }

            return (m, r);
        }

        var truth = Truth.Evaluate(chunk.WithSelection(rows), condition);
        foreach (var i in rows)
        {
            var isTrue = truth[i] == 1;
            matched[m] = i;
            rest[r] = i;
            m += isTrue ? 1 : 0;
            r += isTrue ? 0 : 1;
        }

        return (m, r);
    }

    private static void CopyRows(ColumnVector result, VectorExpression source, Chunk chunk, ReadOnlySpan<int> rows)
    {
        if (rows.Length == 0)
        {
            return;
        }

        if (source is ConstantExpression { Value: { } constant } && source.Kind == result.Kind)
        {
            FillRows(result, constant, rows);
            return;
        }

        var values = source.Evaluate(chunk.WithSelection(rows.ToArray()));
        foreach (var i in rows)
        {
            result.CopyFrom(i, values, i);
        }

        values.ReturnToPool();
    }

    /// <summary>True for a non-NULL constant of the result's kind, which <see cref="FillRows"/> writes without a NULL array.</summary>
    private static bool IsFilledConstant(VectorExpression value, ValueKind kind) =>
        value is ConstantExpression { Value: { } constant } && value.Kind == kind
        && constant is string or long or double;

    /// <summary>A constant branch writes its value into the rows that take it, without a vector of its own.</summary>
    private static void FillRows(ColumnVector result, object constant, ReadOnlySpan<int> rows)
    {
        switch (constant)
        {
            case string text when result.Kind == ValueKind.Text: Fill(result.Texts, text, rows); break;
            case long integer when result.Kind == ValueKind.Integer: Fill(result.Longs, integer, rows); break;
            case double real when result.Kind == ValueKind.Real: Fill(result.Doubles, real, rows); break;
            default:
                foreach (var i in rows)
                {
                    result.SetValue(i, constant);
                }

                break;
        }

        if (result.Nulls is { } nulls)
        {
            foreach (var i in rows)
            {
                nulls[i] = false;
            }
        }
    }

    private static void Fill<T>(T[] values, T value, ReadOnlySpan<int> rows)
    {
        foreach (var i in rows)
        {
            values[i] = value;
        }
    }
}
