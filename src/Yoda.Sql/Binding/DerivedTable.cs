using Yoda.Columnar.Storage;

namespace Yoda.Sql.Binding;

/// <summary>
/// The rows of a subquery in FROM, a CTE or a view, computed into an in-memory table, with the
/// affinity of each column (that of its defining expression, as in SQLite: a plain column keeps
/// its affinity, a computed value has none) and its collation (that of its defining expression).
/// </summary>
internal sealed record DerivedTable(TableSnapshot Snapshot, IReadOnlyList<Affinity> Affinities, IReadOnlyList<Collation> Collations)
{
    /// <summary>Set for a subquery that reads an enclosing query's columns: its rows come from this source, computed per outer row (the snapshot only gives the schema).</summary>
    public Planning.CorrelatedSource? Correlated { get; init; }
}
