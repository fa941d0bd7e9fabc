using Yoda.Columnar.Execution.Windows;

namespace Yoda.Sql.Ast;

/// <summary>A frame as written: <c>ROWS|RANGE|GROUPS BETWEEN start AND end [EXCLUDE ..]</c> (a single bound means <c>AND CURRENT ROW</c>).</summary>
public sealed record FrameSpec(FrameUnit Unit, FrameBoundSpec Start, FrameBoundSpec End, FrameExclusion Exclusion);
