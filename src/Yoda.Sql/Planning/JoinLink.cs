namespace Yoda.Sql.Planning;

/// <summary>
/// A condition over two or more tables as the join order search sees it: the tables it reads (one
/// bit per FROM index), its set of equal columns (-1 when it equates no two INTEGER columns), its
/// estimated selectivity, and for an INTEGER equality the tables each side reads (0, 0 otherwise).
/// </summary>
internal readonly record struct JoinLink(int Mask, int Class, double Selectivity, (int Left, int Right) KeySides);
