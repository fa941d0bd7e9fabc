namespace Yoda.Columnar.Execution.Operators;

/// <summary>The distinct set operations of a compound select.</summary>
public enum SetOperation
{
    Union,
    Intersect,
    Except,
}
