namespace Yoda.Sql;

/// <summary>The rows of a query as Arrow record batches, with the schema (also when there are no batches).</summary>
public sealed record QueryResult(Apache.Arrow.Schema Schema, IReadOnlyList<Apache.Arrow.RecordBatch> Batches);
