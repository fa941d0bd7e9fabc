using FsCheck.Fluent;
using Yoda.Testing;
using Yoda.Testing.Comparison;
using Yoda.Testing.Queries;

namespace Yoda.PropertyTests;

/// <summary>The README's example of the Yoda.Testing library, compiled and run (5 cases) so that it stays true.</summary>
public sealed class ReadmeExample
{
    [Fact]
    public void Readme_example_runs()
    {
        var cases = Arb.From(
            from table in DataGen.Table("t")
            from query in QueryGen.Query(table)
            select (table, query));

        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(5), Prop.ForAll(cases, c =>
        {
            var comparison = Task.Run(async () =>
            {
                await using var oracle = await DifferentialOracle.OpenAsync();
                await oracle.LoadAsync(c.table);
                return await oracle.CompareAsync(c.query.Sql, c.query.Ordered);
            }).GetAwaiter().GetResult();
            return comparison.Verdict != Verdict.Mismatch ? true : throw new Exception(comparison.ToString());
        }));
    }
}
