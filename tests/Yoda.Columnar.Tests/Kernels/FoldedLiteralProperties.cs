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
    /// match, literals of up to and beyond 8 bytes (the positions' bitmap probes at most 8 and verifies
    /// the rest), and rows at the very end of the value buffer; both the bitmap and the cursor search.
    /// </summary>
    [Property(MaxTest = 1000)]
    public bool Finds_the_rows_that_hold_the_literal(byte[] textSeeds, byte[] literalSeeds, byte rowSeed, byte leadSeed)
    {
        if (Layout(textSeeds, literalSeeds, rowSeed, leadSeed, trail: 0) is not ({ } literal, { } rows, { } offsets, { } bytes))
        {
            return true;
        }

        var folded = new FoldedLiteral(literal);
        var expected = 0UL;
        for (var r = 0; r < rows.Length; r++)
        {
            expected |= LikeMatcher.Matches("%" + literal + "%", rows[r], null) ? 1UL << r : 0;
        }

        return folded.RowsContaining(offsets, bytes) == expected && folded.RowsContainingByCursor(offsets, bytes) == expected;
    }

    /// <summary>
    /// The search of one row's bytes (a sparse selection's) finds the literal exactly when the row's
    /// own text holds it, though its vector loads read the next rows' bytes: a literal that the row
    /// and the next hold only together, or that starts in the row's last bytes, is no match; rows at
    /// the end of the value buffer (no bytes after them, or fewer than a vector's) are searched by the
    /// scalar tail.
    /// </summary>
    [Property(MaxTest = 1000)]
    public bool Finds_the_literal_within_one_row(byte[] textSeeds, byte[] literalSeeds, byte rowSeed, byte leadSeed, byte trailSeed)
    {
        if (Layout(textSeeds, literalSeeds, rowSeed, leadSeed, trailSeed % 80) is not ({ } literal, { } rows, { } offsets, { } bytes))
        {
            return true;
        }

        var folded = new FoldedLiteral(literal);
        return Enumerable.Range(0, rows.Length).All(r =>
            folded.OccursWithin(bytes, offsets[r], offsets[r + 1]) == LikeMatcher.Matches("%" + literal + "%", rows[r], null));
    }

    /// <summary>
    /// A sparse selection's rows, each searched alone (<see cref="FoldedLiteral.KeepRowsContaining"/>:
    /// the probes for literals of up to 8 bytes, the candidate search beyond), keep exactly those whose
    /// own text holds the literal (or, negated, does not), in order: never a match the row holds only
    /// with the next, a match crossing a 32-byte block found, and rows at the end of the buffer.
    /// </summary>
    [Property(MaxTest = 1000)]
    public bool Keeps_the_selected_rows_that_hold_the_literal(byte[] textSeeds, byte[] literalSeeds, byte rowSeed, byte leadSeed, byte trailSeed, ulong selected, bool negated)
    {
        if (Layout(textSeeds, literalSeeds, rowSeed, leadSeed, trailSeed % 80) is not ({ } literal, { } rows, { } offsets, { } bytes))
        {
            return true;
        }

        var chosen = Enumerable.Range(0, rows.Length).Where(r => (selected >> r & 1) != 0).ToArray();
        var expected = chosen.Where(r => LikeMatcher.Matches("%" + literal + "%", rows[r], null) != negated).ToArray();
        var kept = new FoldedLiteral(literal).KeepRowsContaining(offsets, bytes, chosen, chosen.Length, negated);
        return chosen[..kept].SequenceEqual(expected);
    }

    /// <summary>
    /// A literal of the alphabet's characters and up to 64 rows of them laid out between a lead of
    /// 'x's and <paramref name="trail"/> bytes of the literal's tail repeated (a later row's bytes), as a stored string
    /// array's offsets and bytes; null for an empty literal. Some rows are
    /// long, some empty, and some hold the literal's first or second half, so that two adjacent rows
    /// may hold it only together.
    /// </summary>
    private static (string Literal, string[] Rows, int[] Offsets, byte[] Bytes)? Layout(byte[] textSeeds, byte[] literalSeeds, byte rowSeed, byte leadSeed, int trail)
    {
        var parts = literalSeeds.Take(12).Select(b => Alphabet[b % Alphabet.Length]).ToArray();
        if (parts.Length == 0)
        {
            return null;
        }

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

        var tailBytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(tail, trail)));
        bytes.AddRange(tailBytes.Take(trail));
        return (literal, rows, offsets.ToArray(), bytes.ToArray());
    }
}
