namespace Yoda.Bench.Workloads;

/// <summary>The fixed word lists of the TPC-H specification (clause 4.2.2.13 and 4.2.3).</summary>
public static class TpchText
{
    public static readonly string[] Nations =
    [
        "ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY", "INDIA",
        "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU",
        "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES",
    ];

    public static readonly int[] NationRegions = [0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1];

    public static readonly string[] Regions = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"];

    public static readonly string[] Segments = ["AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"];

    public static readonly string[] Priorities = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"];

    public static readonly string[] ShipInstructions = ["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"];

    public static readonly string[] ShipModes = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"];

    public static readonly string[] TypeSyllable1 = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"];

    public static readonly string[] TypeSyllable2 = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"];

    public static readonly string[] TypeSyllable3 = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"];

    public static readonly string[] ContainerSyllable1 = ["SM", "LG", "MED", "JUMBO", "WRAP"];

    public static readonly string[] ContainerSyllable2 = ["CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"];

    public static readonly string[] Colors =
    [
        "almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched", "blue", "blush",
        "brown", "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral", "cornflower",
        "cornsilk", "cream", "cyan", "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral", "forest",
        "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory",
        "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon", "medium",
        "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange", "orchid",
        "pale", "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy",
        "royal", "saddle", "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring",
        "steel", "tan", "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow",
    ];

    private static readonly string[] CommentWords =
    [
        "furiously", "quickly", "carefully", "blithely", "slyly", "fluffily", "final", "regular", "express",
        "special", "pending", "ironic", "bold", "even", "silent", "deposits", "requests", "packages",
        "accounts", "instructions", "theodolites", "foxes", "pinto", "beans", "ideas", "dependencies",
        "sleep", "wake", "haggle", "nag", "use", "boost", "affix", "detect", "integrate", "cajole",
    ];

    private const int PoolSize = 1 << 14;
    private static readonly Dictionary<int, string[]> Pools = [];

    /// <summary>
    /// A short pseudo-text comment of 2 to <paramref name="maxWords"/> words, drawn from a fixed
    /// pool of 16,384 per length class so that large scales do not hold millions of strings.
    /// </summary>
    public static string Comment(Rng rng, int maxWords)
    {
        string[] pool;
        lock (Pools)
        {
            if (!Pools.TryGetValue(maxWords, out pool!))
            {
                var poolRng = new Rng((ulong)maxWords * 7919);
                pool = Enumerable.Range(0, PoolSize).Select(_ => NewComment(poolRng, maxWords)).ToArray();
                Pools[maxWords] = pool;
            }
        }

        return pool[(int)(rng.NextULong() % PoolSize)];
    }

    private static string NewComment(Rng rng, int maxWords)
    {
        int words = (int)rng.Range(2, maxWords);
        var parts = new string[words];
        for (int i = 0; i < words; i++)
        {
            parts[i] = rng.Pick(CommentWords);
        }

        return string.Join(' ', parts);
    }

    public static string Phone(Rng rng, int nationKey) =>
        $"{nationKey + 10}-{rng.Range(100, 999)}-{rng.Range(100, 999)}-{rng.Range(1000, 9999)}";
}
