using Apache.Arrow;
using Apache.Arrow.Types;
using Yoda.Columnar.Storage;

namespace Yoda.Sql.Tests.Engine;

/// <summary>Small hand-built tables for engine tests.</summary>
internal static class EngineTestTables
{
    /// <summary>Table <c>n</c>: <c>k</c> Int32 = 0..rows-1, <c>h</c> HalfFloat = k/2, <c>u</c> UInt16 = k % 7, <c>flag</c> Boolean = k even.</summary>
    public static CatalogSnapshot Numbers(int rows)
    {
        var schema = new Schema(
            [
                new Field("k", Int32Type.Default, true),
                new Field("h", HalfFloatType.Default, true),
                new Field("u", UInt16Type.Default, true),
                new Field("flag", BooleanType.Default, true),
            ],
            null);
        var k = new Int32Array.Builder();
        var h = new HalfFloatArray.Builder();
        var u = new UInt16Array.Builder();
        var flag = new BooleanArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            k.Append(i);
            h.Append((Half)(i / 2.0));
            u.Append((ushort)(i % 7));
            flag.Append(i % 2 == 0);
        }

        var batch = new RecordBatch(schema, [k.Build(), h.Build(), u.Build(), flag.Build()], rows);
        return new CatalogSnapshot([new TableSnapshot("n", schema, [new Segment(batch, null)])]);
    }
}
