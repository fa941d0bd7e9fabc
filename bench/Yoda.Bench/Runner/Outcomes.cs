namespace Yoda.Bench.Runner;

public enum OutcomeKind
{
    /// <summary>Answered, agreed with the reference and was timed.</summary>
    Timed,

    /// <summary>The engine declined the query as a known limitation; never timed, never counted as agreeing.</summary>
    NotSupported,

    /// <summary>The engine is not part of this build or failed to load.</summary>
    NotAvailable,

    /// <summary>The engine threw: a failure.</summary>
    Error,

    /// <summary>Answered, but the engines' results disagree: a failure, not timed.</summary>
    Disagrees,

    /// <summary>Agreed, but its warm-up run took longer than --max-seconds: shown with that one run, not timed further.</summary>
    TooSlow,
}

/// <summary>What one engine did with one query.</summary>
public sealed record EngineOutcome(OutcomeKind Kind, Stats? Stats = null, string? Message = null);

/// <summary>What all engines did with one query; <see cref="Failure"/> is set when the run must fail.</summary>
public sealed record QueryOutcome(string QueryId, IReadOnlyDictionary<string, EngineOutcome> Engines, string? Failure, int? ResultRows);

/// <summary>How long an engine took to load all tables of the run.</summary>
public sealed record LoadOutcome(string Engine, long Rows, double Seconds, string? Error, bool IsFailure);
