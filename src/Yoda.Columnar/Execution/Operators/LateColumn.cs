using Yoda.Columnar.Storage;

namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// One column fetched late: output column <see cref="Output"/> arrives holding the values of
/// <paramref name="Table"/>'s unique key column <see cref="KeyColumn"/> and leaves holding, for each
/// row, column <see cref="Column"/> of the table's live row with that key (NULL for a NULL key).
/// </summary>
public sealed record LateColumn(int Output, TableSnapshot Table, int KeyColumn, int Column);
