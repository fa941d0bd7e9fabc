namespace Yoda.Sql.Routing;

public enum Route
{
    Oltp,
    Olap,
}
