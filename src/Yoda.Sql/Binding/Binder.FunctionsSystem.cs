using System.Buffers.Binary;
using Yoda.Columnar.Execution;

namespace Yoda.Sql.Binding;

/// <summary>zeroblob, randomblob, random and sqlite_version; the functions that read a SQLite connection's state are refused.</summary>
internal sealed partial class Binder
{
    /// <summary>SQLite's SQLITE_MAX_LENGTH: the longest blob zeroblob() and randomblob() make.</summary>
    private const long MaxBlobLength = 1_000_000_000;

    /// <summary>The function's binding, or null when <paramref name="name"/> with this many arguments is none of them.</summary>
    private BoundExpr? TryBindSystemFunctions(string name, List<BoundExpr> args) => (name, args.Count) switch
    {
        ("zeroblob", 1) => new BoundRowFunction(name, ValueKind.Blob, [AsInteger(args[0])], v => new byte[BlobLength(v[0], 0)]),
        ("randomblob", 1) => new BoundRowFunction(name, ValueKind.Blob, [AsInteger(args[0])], v => RandomBlob(BlobLength(v[0], 1)))
        {
            IsVolatile = true,
        },
        ("random", 0) => new BoundRowFunction(name, ValueKind.Integer, [], _ => RandomInteger()) { IsVolatile = true },
        ("sqlite_version", 0) => BoundConstant.Of(shared.Options.SqliteVersion
            ?? throw new YodaException("sqlite_version() needs the version of the engine's SQLite library, which this query was not given")),
        ("changes" or "last_insert_rowid", 0) => throw new YodaException(
            $"function {name}() reads the state of a SQLite connection, which an OLAP query does not have: it is not supported by OLAP queries"),
        _ => null,
    };

    /// <summary>json, json_extract, jsonb, …: SQLite has them; Yoda's OLAP engine does not yet.</summary>
    private static bool IsJsonFunction(string name) => name.StartsWith("json", StringComparison.Ordinal);

    /// <summary>A length as sqlite3_value_int64 reads it (NULL is 0), at least <paramref name="least"/>, at most SQLite's limit.</summary>
    private static int BlobLength(object? value, int least)
    {
        var length = value is long l ? l : 0;
        return length > MaxBlobLength ? throw new YodaException("string or blob too big") : (int)Math.Max(length, least);
    }

    private static byte[] RandomBlob(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static long RandomInteger()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        Random.Shared.NextBytes(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }
}
