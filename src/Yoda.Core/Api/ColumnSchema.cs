namespace Yoda;

/// <summary>One column of a <see cref="TableSchema"/>: its name, the type name as given, and the Arrow type.</summary>
public sealed record ColumnSchema(string Name, string TypeName, Apache.Arrow.Types.IArrowType ArrowType, bool IsNullable);
