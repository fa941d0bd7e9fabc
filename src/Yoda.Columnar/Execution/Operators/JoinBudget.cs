namespace Yoda.Columnar.Execution.Operators;

/// <summary>
/// The number of row pairs the nested-loop joins of one query may examine together; past it the
/// query fails as not supported instead of running for minutes (the join order follows the join
/// predicates but is not chosen by cost).
/// </summary>
public sealed class JoinBudget
{
    public const long MaxPairs = 5_000_000;

    private long _pairs;

    public void Spend(long pairs)
    {
        _pairs += pairs;
        if (_pairs > MaxPairs)
        {
            throw new YodaException($"joins examining more than {MaxPairs:N0} row pairs are not supported yet");
        }
    }
}
