using Apache.Arrow;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Planning;

/// <summary>An executable plan: the root operator and the Arrow schema of its result.</summary>
internal sealed record PhysicalPlan(PhysicalOperator Root, Schema Schema);
