using Apache.Arrow;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Planning;

/// <summary>An executable plan: the root operator, the Arrow schema of its result, and the memory its operators count against (null: no limit).</summary>
internal sealed record PhysicalPlan(PhysicalOperator Root, Schema Schema, QueryMemory? Memory = null);
