using System.Collections.Frozen;

namespace DentistPortal.Domain.Tiss;

/// <summary>
/// The TISS 4.01.00 enumerations a dental guide uses (<c>tissSimpleTypesV4_01_00.xsd</c>): <c>dm_dente</c>,
/// <c>dm_regiao</c>, <c>dm_UF</c> (IBGE codes), <c>dm_CBOS</c>, and the face letters of <c>dm_face</c>.
/// </summary>
public static class TissDomains
{
    /// <summary><c>dm_dente</c>: FDI permanent (11–48), deciduous (51–85) and supernumerary (x9) teeth.</summary>
    public static readonly FrozenSet<int> Teeth = new[]
    {
        11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 36, 37, 38, 39,
        41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 59, 61, 62, 63, 64, 65, 69, 71, 72, 73, 74, 75, 79,
        81, 82, 83, 84, 85, 89,
    }.ToFrozenSet();

    /// <summary><c>dm_regiao</c>: arches, hemi-arches, sextants and other oral regions.</summary>
    public static readonly FrozenSet<string> Regions = new[]
    {
        "AB", "AI", "AS", "ASAI", "CL", "FLA", "FLI", "GI", "HAID", "HAIE", "HASD", "HASE", "LG", "LI", "LS", "MA", "MJ",
        "PA", "PD", "PI", "PM", "PP", "PT", "RCID", "RCIE", "RCSD", "RCSE", "RII", "RIS", "RL", "RM", "RMD", "RME", "RMID",
        "RMIE", "RMPD", "RMPE", "RMSD", "RMSE", "RP", "RPD", "RPE", "RPID", "RPIE", "RPSD", "RPSE", "RSL", "RSMD", "RSME",
        "RV", "S1", "S2", "S3", "S4", "S5", "S6", "SI", "SM", "TP", "TU", "UV",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Letters of <c>dm_face</c> ([OLMVDIP]{1,5}): oclusal, lingual, mesial, vestibular, distal, incisal, palatina.</summary>
    public const string FaceLetters = "OLMVDIP";

    /// <summary>denteFace: 1 to 5 distinct letters of <see cref="FaceLetters"/>.</summary>
    public static bool IsFaces(string faces) =>
        faces.Length is >= 1 and <= 5 && faces.All(FaceLetters.Contains) && faces.Distinct().Count() == faces.Length;

    /// <summary><c>dm_UF</c>: the IBGE code of each state ("SP" → "35"), "EX" (países estrangeiros) → "98".</summary>
    public static readonly FrozenDictionary<string, string> IbgeUf = new Dictionary<string, string>
    {
        ["RO"] = "11", ["AC"] = "12", ["AM"] = "13", ["RR"] = "14", ["PA"] = "15", ["AP"] = "16", ["TO"] = "17",
        ["MA"] = "21", ["PI"] = "22", ["CE"] = "23", ["RN"] = "24", ["PB"] = "25", ["PE"] = "26", ["AL"] = "27",
        ["SE"] = "28", ["BA"] = "29", ["MG"] = "31", ["ES"] = "32", ["RJ"] = "33", ["SP"] = "35", ["PR"] = "41",
        ["SC"] = "42", ["RS"] = "43", ["MS"] = "50", ["MT"] = "51", ["GO"] = "52", ["DF"] = "53", ["EX"] = "98",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>dm_CBOS</c> as listed by TISS 4.01.00.</summary>
    public static readonly FrozenSet<string> Cbos = new[]
    {
        "131220", "201115", "203015", "213150", "221105", "221205", "223204", "223208", "223212", "223216", "223220",
        "223224", "223228", "223232", "223236", "223240", "223244", "223248", "223252", "223256", "223260", "223264",
        "223268", "223272", "223276", "223280", "223284", "223288", "223293", "223405", "223415", "223420", "223425",
        "223430", "223435", "223440", "223445", "223505", "223510", "223515", "223520", "223525", "223530", "223535",
        "223540", "223545", "223550", "223555", "223560", "223565", "223570", "223605", "223625", "223630", "223635",
        "223640", "223645", "223650", "223655", "223660", "223705", "223710", "223810", "223815", "223820", "223825",
        "223830", "223835", "223840", "223845", "223905", "223910", "223915", "224105", "224110", "224115", "224120",
        "224125", "224130", "224135", "224140", "225103", "225105", "225106", "225109", "225110", "225112", "225115",
        "225118", "225120", "225121", "225122", "225124", "225125", "225127", "225130", "225133", "225135", "225136",
        "225139", "225140", "225142", "225145", "225148", "225150", "225151", "225154", "225155", "225160", "225165",
        "225170", "225175", "225180", "225185", "225190", "225195", "225203", "225210", "225215", "225220", "225225",
        "225230", "225235", "225240", "225245", "225250", "225255", "225260", "225265", "225270", "225275", "225280",
        "225285", "225290", "225295", "225305", "225310", "225315", "225320", "225325", "225330", "225335", "225340",
        "225345", "225350", "225355", "226105", "226110", "226305", "226310", "226315", "226320", "239425", "239440",
        "239445", "251510", "251545", "251550", "251555", "251605", "322120", "322125", "322135", "322205", "322220",
        "322225", "322230", "516210", "999999",
    }.ToFrozenSet(StringComparer.Ordinal);
}
