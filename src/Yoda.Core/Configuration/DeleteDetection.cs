namespace Yoda;

/// <summary>How sidecar mode notices rows deleted in the source database.</summary>
public abstract record DeleteDetection
{
    private DeleteDetection()
    {
    }

    /// <summary>Deletes in the source are not detected.</summary>
    public static DeleteDetection Disabled { get; } = new DisabledDetection();

    /// <summary>A row whose <paramref name="column"/> is not NULL counts as deleted.</summary>
    public static DeleteDetection SoftDelete(string column)
    {
        if (string.IsNullOrWhiteSpace(column))
        {
            throw new ArgumentException("soft-delete column name must not be empty", nameof(column));
        }

        return new SoftDeleteDetection(column);
    }

    /// <summary>Reads <c>"disabled"</c> or <c>"soft_delete:&lt;column&gt;"</c>.</summary>
    public static DeleteDetection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("disabled", StringComparison.OrdinalIgnoreCase))
        {
            return Disabled;
        }

        const string prefix = "soft_delete:";
        if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > prefix.Length)
        {
            return SoftDelete(trimmed[prefix.Length..]);
        }

        throw new ArgumentException(
            $"unknown delete detection '{text}': expected 'disabled' or 'soft_delete:<column>'", nameof(text));
    }

    /// <summary>No delete detection.</summary>
    public sealed record DisabledDetection : DeleteDetection
    {
        public override string ToString() => "disabled";
    }

    /// <summary>Soft deletes marked by a non-NULL <see cref="Column"/>.</summary>
    public sealed record SoftDeleteDetection(string Column) : DeleteDetection
    {
        public override string ToString() => $"soft_delete:{Column}";
    }
}
