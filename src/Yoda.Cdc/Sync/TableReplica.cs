using Yoda.Cdc.Merge;
using Yoda.Cdc.Registration;
using Yoda.Columnar.Storage;

namespace Yoda.Cdc.Sync;

/// <summary>
/// A registered table and its OLAP copy. <see cref="LoadedThroughSequence"/> is the log position
/// an initial sync read the table at: events of this table up to it are already in the copy.
/// </summary>
public sealed class TableReplica
{
    public TableReplica(ReplicatedTable registration, ColumnarTable olap)
    {
        Registration = registration;
        Olap = olap;
        Mapper = new EventMapper(registration);
    }

    public ReplicatedTable Registration { get; }

    public ColumnarTable Olap { get; }

    public EventMapper Mapper { get; }

    public long LoadedThroughSequence { get; set; }

    public string Name => Registration.Name;

    /// <summary>The same OLAP table under a new registration (after a schema change).</summary>
    public TableReplica WithRegistration(ReplicatedTable registration) =>
        new(registration, Olap) { LoadedThroughSequence = LoadedThroughSequence };
}
