namespace Yoda.Sql.Binding;

/// <summary>The clause an expression is bound in: decides whether aggregates and result aliases may appear.</summary>
internal enum BindContext
{
    Where,
    SelectList,
    GroupBy,
    Having,
    OrderBy,
    AggregateArgument,
    Limit,
}
