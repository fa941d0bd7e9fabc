using FsCheck;
using FsCheck.Fluent;

namespace Yoda.Testing;

/// <summary>Knobs of the schema and data generators.</summary>
public sealed record DataOptions
{
    /// <summary>Column types to draw from (default: every type of the API contract).</summary>
    public IReadOnlyList<ColumnType> Types { get; init; } = ColumnType.All;
    public int MinColumns { get; init; } = 1;
    public int MaxColumns { get; init; } = 5;
    public int MaxRows { get; init; } = 25;
    /// <summary>Weight (out of 100) of a NULL in a nullable column.</summary>
    public int NullWeight { get; init; } = 15;
    /// <summary>Weight (out of 100) of a row that copies an earlier row (duplicates; in keyed tables the key is redrawn).</summary>
    public int DuplicateWeight { get; init; } = 10;
    /// <summary>Weight (out of 100) of a table with a primary key.</summary>
    public int PrimaryKeyWeight { get; init; } = 50;
    /// <summary>Whether reals beyond ±1e300 (up to <see cref="double.MaxValue"/>) are generated; sums of a few overflow to infinity.</summary>
    public bool HugeReals { get; init; } = true;
    /// <summary>
    /// Whether text values may contain a NUL character. SQLite's LIKE, length() and substr() stop at
    /// the first NUL and Yoda's do not (a documented difference, docs/testing.md M7): off by default.
    /// </summary>
    public bool TextWithNul { get; init; }
}

/// <summary>FsCheck generators for values, schemas and tables that Yoda can register and replicate.</summary>
public static class DataGen
{
    private static readonly string[] TextPool =
        ["", "a", "A", "b", "abc", "ABC", "Abc", " ", "a b", "é", "É", "ß", "日本", "😀", "a%", "_b", "it's", "x\"y", "z", "0", "10", "-1", "1.5", "ñandú", "Ωmega", "ｚ", "a\u0000b", "\uFFFD"];

    private static readonly string Alphabet = "abcAB _%'éÉ日😀0ｚ";

    private static readonly double[] RealPool =
        [0.0, -0.0, 1.0, -1.0, 0.5, -2.25, 0.1, 3.0, 10.0, 1e-300, -1e-300, 1e300, -1e300, double.MaxValue, double.MinValue,
         double.Epsilon, 123456789.125, 9007199254740993.0, 1e15, -7.5, 2.5];

    /// <summary>A value of <paramref name="type"/> (never NULL): skewed towards a few common values and the type's boundaries.</summary>
    /// <remarks>The full range, huge reals and NUL characters included (see <see cref="CellValue"/> for the switches).</remarks>
    public static Gen<object?> Value(ColumnType type) => type.Kind switch
    {
        ValueKind.Integer => IntegerValue(type).Select(v => (object?)v),
        ValueKind.Real => RealValue(type).Select(v => (object?)v),
        ValueKind.Text => TextValue().Select(v => (object?)v),
        _ => BlobValue().Select(v => (object?)v),
    };

    public static Gen<long> IntegerValue(ColumnType type)
    {
        var (min, max) = (type.Min, type.Max);
        var common = new[] { 0L, 1L, 2L, 7L, -1L, -3L, 100L }.Where(v => v >= min && v <= max).ToArray();
        var edges = new[] { min, max, min + 1, max - 1 }.Where(v => v >= min && v <= max).ToArray();
        var small = Gen.Choose((int)Math.Max(min, -50), (int)Math.Min(max, 50)).Select(v => (long)v);
        var any = Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => Between(min, max, (ulong)(uint)t.Item1 << 32 | (uint)t.Item2));
        return Gen.Frequency((5, Gen.Elements(common)), (2, Gen.Elements(edges)), (4, small), (2, any));
    }

    private static long Between(long min, long max, ulong random)
    {
        var range = unchecked((ulong)(max - min) + 1);
        return range == 0 ? (long)random : unchecked(min + (long)(random % range));
    }

    public static Gen<double> RealValue(ColumnType type) => RealValue(type, hugeReals: true);

    public static Gen<double> RealValue(ColumnType type, bool hugeReals)
    {
        var pool = Gen.Elements(RealPool);
        var small = Gen.Choose(-2000, 2000).Select(v => v / 8.0);
        var wide = Gen.Choose(int.MinValue, int.MaxValue).Two()
            .Select(t => BitConverter.Int64BitsToDouble((long)t.Item1 << 32 | (uint)t.Item2))
            .Where(d => double.IsFinite(d));
        return Gen.Frequency((4, pool), (4, small), (2, wide)).Select(type.Round).Where(d => double.IsFinite(d) && (hugeReals || Math.Abs(d) <= 1e300));
    }

    public static Gen<string> TextValue() =>
        Gen.Frequency(
            (6, Gen.Elements(TextPool)),
            (3, Gen.Elements(Alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray()).ListOf()
                .Select(parts => string.Concat(parts.Take(8)))));

    public static Gen<byte[]> BlobValue() =>
        Gen.Frequency(
            (3, Gen.Elements<byte[]>([], [0], [0x41], [0xFF, 0x00], [0x61, 0x62])),
            (2, Gen.Choose(0, 255).Select(b => (byte)b).ListOf().Select(l => l.Take(6).ToArray())));

    /// <summary>A value for <paramref name="column"/>, NULL with <see cref="DataOptions.NullWeight"/> when it is nullable.</summary>
    public static Gen<object?> CellValue(GeneratedColumn column, DataOptions options)
    {
        var value = column.Type.Kind == ValueKind.Real && !options.HugeReals
            ? RealValue(column.Type, hugeReals: false).Select(v => (object?)v)
            : column.Type.Kind == ValueKind.Text && !options.TextWithNul
            ? TextValue().Where(t => !t.Contains('\0')).Select(v => (object?)v)
            : Value(column.Type);
        return column.Nullable
            ? Gen.Frequency((options.NullWeight, Gen.Constant<object?>(null)), (100 - options.NullWeight, value))
            : value;
    }

    /// <summary>A schema (columns c0..cN, maybe a primary key of one or two columns); no rows yet.</summary>
    public static Gen<GeneratedTable> Schema(string tableName, DataOptions options) =>
        from count in Gen.Choose(options.MinColumns, options.MaxColumns)
        from types in Gen.Elements(options.Types.ToArray()).ArrayOf(count)
        from declared in Gen.Choose(0, 100).ArrayOf(count)
        from nullable in Gen.Frequency((2, Gen.Constant(false)), (3, Gen.Constant(true))).ArrayOf(count)
        from keyed in Gen.Choose(1, 100).Select(v => v <= options.PrimaryKeyWeight)
        from keyTypes in Gen.Elements(ColumnType.KeyTypes.ToArray()).ArrayOf(2)
        from keyWidth in Gen.Frequency((3, Gen.Constant(1)), (1, Gen.Constant(2)))
        select BuildSchema(tableName, types, declared, nullable, keyed ? keyTypes.Take(keyWidth).ToArray() : []);

    private static GeneratedTable BuildSchema(string name, ColumnType[] types, int[] declared, bool[] nullable, ColumnType[] keyTypes)
    {
        var columns = new List<GeneratedColumn>();
        var key = new List<string>();
        foreach (var kt in keyTypes)
        {
            var kname = "k" + key.Count;
            key.Add(kname);
            columns.Add(new GeneratedColumn(kname, kt, kt.DeclaredTypes[declared[0] % kt.DeclaredTypes.Count], false));
        }

        for (var i = 0; i < types.Length; i++)
        {
            columns.Add(new GeneratedColumn("c" + i, types[i], types[i].DeclaredTypes[declared[i] % types[i].DeclaredTypes.Count], nullable[i]));
        }

        return new GeneratedTable(name, columns, key, []);
    }

    /// <summary>Rows for <paramref name="schema"/>: NULLs, duplicates and skew; keys unique.</summary>
    public static Gen<GeneratedTable> Rows(GeneratedTable schema, DataOptions options) =>
        Gen.Sized(size =>
            from count in Gen.Choose(0, Math.Min(options.MaxRows, 2 + size))
            from rows in RowGen(schema, options).ArrayOf(count)
            from dupes in Gen.Choose(0, 99).ArrayOf(count)
            select schema.WithRows(Distinct(schema, WithDuplicates(schema, rows, dupes, options))));

    /// <summary>A schema with rows.</summary>
    public static Gen<GeneratedTable> Table(string tableName, DataOptions? options = null)
    {
        options ??= new DataOptions();
        var o = options;
        return Schema(tableName, o).SelectMany(s => Rows(s, o));
    }

    public static Gen<object?[]> RowGen(GeneratedTable schema, DataOptions options) =>
        Gen.CollectToArray(schema.Columns.Select(c => CellValue(c, options)));

    private static List<object?[]> WithDuplicates(GeneratedTable schema, object?[][] rows, int[] dice, DataOptions options)
    {
        var result = new List<object?[]>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (i > 0 && dice[i] < options.DuplicateWeight)
            {
                // A duplicate copies an earlier row but keeps its own key (key columns come first).
                var copy = result[dice[i] % result.Count].ToArray();
                Array.Copy(rows[i], copy, schema.PrimaryKey.Count);
                result.Add(copy);
            }
            else
            {
                result.Add(rows[i]);
            }
        }

        return result;
    }

    /// <summary>Drops rows whose primary key repeats an earlier row's key.</summary>
    public static List<object?[]> Distinct(GeneratedTable schema, IEnumerable<object?[]> rows)
    {
        if (!schema.HasPrimaryKey)
        {
            return rows.ToList();
        }

        var keyIdx = schema.PrimaryKey.Select(k => schema.Columns.ToList().FindIndex(c => c.Name == k)).ToArray();
        var seen = new HashSet<string>();
        return rows.Where(r => seen.Add(KeyText(r, keyIdx))).ToList();
    }

    private static string KeyText(object?[] row, int[] keyIdx) => string.Join("\u0001", keyIdx.Select(i => SqlLiteral.Render(row[i])));
}
