using Apache.Arrow.Types;

namespace Yoda.Columnar.Types;

/// <summary>One column of a replicated table, as the storage and sync layers see it.</summary>
public sealed record ColumnDefinition(string Name, IArrowType Type, bool IsNullable);
