namespace Yoda.Sql.Ast;

public enum NullsOrder
{
    Default,
    First,
    Last,
}
