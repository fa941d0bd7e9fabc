using System.Text;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Execution.Aggregates;

/// <summary>
/// group_concat(x [, separator]) / string_agg(x, separator): the non-NULL values as text in input
/// order, each after the first preceded by its own row's separator (',' by default, nothing for a
/// NULL separator); NULL when there is no value. The separator comes in as the spec's key.
/// </summary>
public sealed class GroupConcatState : AggregateState
{
    /// <summary>Bytes counted per group's builder besides its characters (the builder and its first chunk's header).</summary>
    private const long BytesPerBuilder = 80;

    private StringBuilder?[] _texts = new StringBuilder?[16];

    // The characters appended to every group's text, and the builders, in bytes (for the query memory limit).
    private long _heldBytes;

    public override void Update(ColumnVector? argument, ColumnVector? key, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, int groupCount)
    {
        Grow(ref _texts, groupCount);
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            if (argument!.IsNull(row))
            {
                continue;
            }

            var text = _texts[groups[k]];
            var before = 0;
            if (text is null)
            {
                text = _texts[groups[k]] = new StringBuilder();
                _heldBytes += BytesPerBuilder;
            }
            else
            {
                before = text.Length;
                if (key is null)
                {
                    text.Append(',');
                }
                else if (!key.IsNull(row))
                {
                    text.Append(key.Texts[row]);
                }
            }

            text.Append(argument.Kind switch
            {
                ValueKind.Integer => NumericText.ToText(argument.Longs[row]),
                ValueKind.Real => NumericText.ToText(argument.Doubles[row]),
                ValueKind.Text => argument.Texts[row],
                ValueKind.Dynamic => NumericText.ToText(argument.Dynamic.Get(row)),
                _ => Encoding.UTF8.GetString(argument.Blobs[row]),
            });
            _heldBytes += 2L * (text.Length - before);
        }
    }

    /// <summary>The texts' characters (two bytes each) and their builders.</summary>
    public override long HeldBytes => _heldBytes;

    public override ColumnVector Result(int groupCount)
    {
        Grow(ref _texts, groupCount);
        var nulls = new bool[groupCount];
        var values = new string[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            nulls[g] = _texts[g] is null;
            values[g] = _texts[g]?.ToString() ?? string.Empty;
        }

        return ColumnVector.OfTexts(values, nulls);
    }
}
