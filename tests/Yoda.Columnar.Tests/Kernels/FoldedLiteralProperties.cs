using System.Text;
using FsCheck.Xunit;
using Yoda.Columnar.Kernels;

namespace Yoda.Columnar.Tests.Kernels;

public sealed class FoldedLiteralProperties
{
    private static readonly string[] Alphabet = ["g", "G", "o", "O", "l", "L", "e", "E", "@", "`", "é", "😀", "/", "."];

    /// <summary>
    /// The search of a word of rows through their concatenated bytes finds exactly the rows whose own
    /// text holds the literal (ASCII letters folded, '@' and '`' not letters, non-ASCII exact): never a
    /// match across two adjacent values, with empty rows, rows long enough to be skipped past after a
    /// match, literals of up to and beyond 8 bytes, and rows at the very end of the value buffer.
    /// </summary>
    [Property(MaxTest = 1000)]
    public bool Finds_the_rows_that_hold_the_literal(byte[] textSeeds, byte[] literalSeeds, byte rowSeed, byte leadSeed)
    {
        var parts = literalSeeds.Take(12).Select(b => Alphabet[b % Alphabet.Length]).ToArray();
        if (parts.Length == 0)
        {
            return true;
        }

        // Rows of the alphabet's characters and the literal, some long, some empty, and some holding
        // the literal's first or second half, so that two adjacent rows may hold it only together.
        var literal = string.Concat(parts);
        var (head, tail) = (string.Concat(parts[..(parts.Length / 2)]), string.Concat(parts[(parts.Length / 2)..]));
        var rowCount = 1 + rowSeed % 64;
        var rows = Enumerable.Range(0, rowCount).Select(r =>
        {
            var seeds = textSeeds.Skip(r * 3).Take(3 + (r % 5 == 0 ? 40 : 0)).ToArray();
            return seeds.Length == 0 ? "" : (seeds[0] % 9) switch
            {
                0 => "",
                1 => head,
                2 => tail,
                _ => string.Concat(seeds.Select(b => b % 7 == 0 ? literal : Alphabet[b % Alphabet.Length])),
            };
        }).ToArray();
        var lead = new string('x', leadSeed % 40);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(lead));
        var offsets = new List<int> { bytes.Count };
        foreach (var row in rows)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(row));
            offsets.Add(bytes.Count);
        }

        var found = new FoldedLiteral(literal).RowsContaining(offsets.ToArray(), bytes.ToArray());
        var expected = 0UL;
        for (var r = 0; r < rowCount; r++)
        {
            expected |= LikeMatcher.Matches("%" + literal + "%", rows[r], null) ? 1UL << r : 0;
        }

        return found == expected;
    }
}
