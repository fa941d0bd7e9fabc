using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Yoda.Testing;
using Yoda.Testing.Comparison;

namespace Yoda.PropertyTests;

/// <summary>Cheap properties of the generators themselves (FsCheck.Xunit [Property] tests).</summary>
public sealed class GeneratorProperties
{
    [Property(MaxTest = 300)]
    public bool Real_literals_read_back_exactly(double d) =>
        !double.IsFinite(d) || BitConverter.DoubleToInt64Bits(double.Parse(SqlLiteral.Real(d).Trim('(', ')'), CultureInfo.InvariantCulture))
            == BitConverter.DoubleToInt64Bits(d);

    [Property(MaxTest = 100)]
    public Property Generated_values_fit_their_column_types() =>
        Prop.ForAll(
            Arb.From(Gen.Elements(ColumnType.All.ToArray()).SelectMany(t => DataGen.Value(t).Select(v => (t, v)))),
            p => p.v switch
            {
                long l => l >= p.t.Min && l <= p.t.Max,
                double d => double.IsFinite(d) && p.t.Round(d).Equals(d),
                string => p.t == ColumnType.Utf8,
                byte[] => p.t == ColumnType.Binary,
                _ => false,
            });

    [Property(MaxTest = 100)]
    public Property Generated_keys_are_unique() =>
        Prop.ForAll(
            Arb.From(DataGen.Table("t", new DataOptions { PrimaryKeyWeight = 100 })),
            t => t.Rows.Select(r => string.Join("|", t.PrimaryKey.Select(k => SqlLiteral.Render(r[t.Columns.ToList().FindIndex(c => c.Name == k)])))).Distinct().Count() == t.Rows.Count);

    [Fact]
    public void Comparison_follows_the_rules()
    {
        Assert.True(ResultComparer.SameValue(1.0, 1.0 + 1e-12));
        Assert.False(ResultComparer.SameValue(1.0, 1.0 + 1e-6));
        Assert.False(ResultComparer.SameValue(1L, 1.0));
        Assert.False(ResultComparer.SameValue(double.PositiveInfinity, 3.8e301));
        Assert.True(ResultComparer.SameValue(double.NegativeInfinity, double.NegativeInfinity));
        Assert.False(ResultComparer.SameValue(null, 0L));
        Assert.True(ResultComparer.SameValue(new byte[] { 1 }, new byte[] { 1 }));
        var a = new ResultSet(["x"], [[1L], [2L]]);
        var b = new ResultSet(["x"], [[2L], [1L]]);
        Assert.Null(ResultComparer.Difference(a, b, ordered: false));
        Assert.NotNull(ResultComparer.Difference(a, b, ordered: true));
        Assert.NotNull(ResultComparer.Difference(a, new ResultSet(["y"], [[1L], [2L]]), ordered: false));
    }
}
