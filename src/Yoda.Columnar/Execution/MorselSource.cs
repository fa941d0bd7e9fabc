namespace Yoda.Columnar.Execution;

/// <summary>
/// One execution of a pipeline split into <see cref="Count"/> morsels; <see cref="Execute"/> yields
/// one morsel's chunks and may run for different morsels on different threads at once.
/// </summary>
public sealed record MorselSource(int Count, Func<int, CancellationToken, IEnumerable<Chunk>> Execute)
{
    /// <summary>This source with every morsel's chunks passed through <paramref name="transform"/> (a filter, a projection, a probe).</summary>
    public MorselSource Then(Func<IEnumerable<Chunk>, CancellationToken, IEnumerable<Chunk>> transform) =>
        this with { Execute = (m, ct) => transform(Execute(m, ct), ct) };
}
