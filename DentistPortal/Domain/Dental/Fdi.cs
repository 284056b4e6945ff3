namespace DentistPortal.Domain.Dental;

/// <summary>FDI two-digit tooth notation, faces and mouth regions as the GTO (TISS) uses them.</summary>
public static class Fdi
{
    /// <summary>Permanent teeth: quadrants 1–4, teeth 1–8 (11–48).</summary>
    public static bool IsPermanent(int tooth) => tooth / 10 is >= 1 and <= 4 && tooth % 10 is >= 1 and <= 8;

    /// <summary>Deciduous teeth: quadrants 5–8, teeth 1–5 (51–85).</summary>
    public static bool IsDeciduous(int tooth) => tooth / 10 is >= 5 and <= 8 && tooth % 10 is >= 1 and <= 5;

    public static bool IsValidTooth(int tooth) => IsPermanent(tooth) || IsDeciduous(tooth);

    public static IReadOnlyList<int> PermanentTeeth { get; } =
        [.. Enumerable.Range(1, 4).SelectMany(q => Enumerable.Range(1, 8).Select(t => q * 10 + t))];

    public static IReadOnlyList<int> DeciduousTeeth { get; } =
        [.. Enumerable.Range(5, 4).SelectMany(q => Enumerable.Range(1, 5).Select(t => q * 10 + t))];

    /// <summary>Tooth faces: O (oclusal), I (incisal), M (mesial), D (distal), V (vestibular), L (lingual), P (palatina).</summary>
    public const string FaceLetters = "OIMDVLP";

    /// <summary>Faces as typed ("mod", "M,O,D") normalised to upper-case letters in a fixed order; null when invalid.</summary>
    public static string? NormalizeFaces(string? faces)
    {
        if (string.IsNullOrWhiteSpace(faces)) return null;
        var letters = new List<char>();
        foreach (var c in faces.ToUpperInvariant())
        {
            if (c is ' ' or ',' or '-') continue;
            if (!FaceLetters.Contains(c) || letters.Contains(c)) return null;
            letters.Add(c);
        }
        if (letters.Count is 0 or > 5) return null;
        return new string([.. letters.OrderBy(c => FaceLetters.IndexOf(c))]);
    }

    /// <summary>Anterior teeth (incisors and canines) have an incisal edge, posterior ones an occlusal face.</summary>
    public static bool IsAnterior(int tooth) => tooth % 10 <= 3;

    public static readonly IReadOnlyList<string> Arches = ["AS", "AI", "ASAI"];
    public static readonly IReadOnlyList<string> HemiArches = ["HASD", "HASE", "HAID", "HAIE"];
    public static readonly IReadOnlyList<string> Sextants = ["S1", "S2", "S3", "S4", "S5", "S6"];

    public static string RegionName(string code) => code switch
    {
        "AS" => "Arcada superior",
        "AI" => "Arcada inferior",
        "ASAI" => "Arcadas superior e inferior",
        "HASD" => "Hemiarco superior direito",
        "HASE" => "Hemiarco superior esquerdo",
        "HAID" => "Hemiarco inferior direito",
        "HAIE" => "Hemiarco inferior esquerdo",
        _ when code.Length == 2 && code[0] == 'S' => $"Sextante {code[1]}",
        _ => code,
    };
}
