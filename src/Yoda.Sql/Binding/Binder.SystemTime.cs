using System.Globalization;
using Apache.Arrow.Types;
using Yoda.Sql.Ast;

namespace Yoda.Sql.Binding;

/// <summary>
/// <c>FOR SYSTEM_TIME AS OF T</c> on a temporal table becomes the filter
/// <c>_yoda_valid_from &lt;= T AND (_yoda_valid_to IS NULL OR _yoda_valid_to &gt; T) AND _yoda_operation &lt;&gt; 'D'</c>;
/// <c>AS OF CURRENT</c> becomes <c>_yoda_valid_to IS NULL AND _yoda_operation &lt;&gt; 'D'</c>.
/// T is microseconds since the Unix epoch, or an ISO 8601 date-time (UTC unless it has an offset).
/// </summary>
internal sealed partial class Binder
{
    private const string ValidFrom = "_yoda_valid_from";
    private const string ValidTo = "_yoda_valid_to";
    private const string Operation = "_yoda_operation";

    /// <summary>The WHERE clause with the FOR SYSTEM_TIME filter of each table that has one added.</summary>
    private Expr? WithSystemTime(Expr? where) =>
        _scope.Tables.Where(t => t.Ref.SystemTime is not null).Aggregate(where, (w, t) => WithSystemTime(w, t, t.Ref.SystemTime!));

    private Expr WithSystemTime(Expr? where, ScopeTable table, SystemTimeAsOf asOf)
    {
        RequireTemporalTable(table);
        Expr Column(string name) => new ColumnRefExpr(table.Name, name);
        var live = new BinaryExpr(BinaryOperator.NotEqual, Column(Operation), new LiteralExpr("D"));
        Expr filter = asOf.Timestamp is null
            ? new BinaryExpr(BinaryOperator.And, new IsNullExpr(Column(ValidTo), false), live)
            : ValidAt(Column, new LiteralExpr(TimestampMicros(asOf.Timestamp)), live);
        return where is null ? filter : new BinaryExpr(BinaryOperator.And, where, filter);
    }

    private static Expr ValidAt(Func<string, Expr> column, Expr at, Expr live) =>
        new BinaryExpr(
            BinaryOperator.And,
            new BinaryExpr(
                BinaryOperator.And,
                new BinaryExpr(BinaryOperator.LessOrEqual, column(ValidFrom), at),
                new BinaryExpr(BinaryOperator.Or, new IsNullExpr(column(ValidTo), false), new BinaryExpr(BinaryOperator.Greater, column(ValidTo), at))),
            live);

    private static void RequireTemporalTable(ScopeTable table)
    {
        var snapshot = table.Snapshot;
        var fields = snapshot.Schema.FieldsList;
        bool Has(string name, ArrowTypeId type) => snapshot.FindColumn(name) is var i and >= 0 && fields[i].DataType.TypeId == type;
        if (!Has(ValidFrom, ArrowTypeId.Int64) || !Has(ValidTo, ArrowTypeId.Int64) || !Has(Operation, ArrowTypeId.String))
        {
            throw new YodaException(
                $"FOR SYSTEM_TIME AS OF needs a temporal table: {snapshot.Name} has no {ValidFrom} (Int64), {ValidTo} (Int64) and {Operation} (Utf8) columns; register it with the temporal merge strategy");
        }
    }

    private long TimestampMicros(Expr timestamp) => BindExpr(timestamp, BindContext.Limit) switch
    {
        BoundConstant { Value: long micros } => micros,
        BoundConstant { Value: string text } when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) =>
            (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond,
        _ => throw new YodaException("FOR SYSTEM_TIME AS OF needs a constant timestamp: an integer of microseconds since the Unix epoch, or an ISO 8601 date-time text"),
    };
}
