using DentistPortal.Domain.Tiss;

namespace DentistPortal.Features.Contingency;

/// <summary>One answer to "why the printed guide?": the TUSS 74 code stored for TISS and, apart, a fixed explanation.</summary>
public sealed record ContingencyReasonChoice(string Key, string Label, string Code, string? Note);

/// <summary>
/// The reasons offered when printing the guide (SPEC §8 "our path", manual Q9). "Dentista não conseguiu gerar o token"
/// is TUSS 74 code 03 with its explanation kept in the note (SPEC §9); nothing but a TUSS 74 code is ever stored as the reason.
/// </summary>
public static class ContingencyReasonChoices
{
    public const string CouldNotGenerateNote = "Dentista não conseguiu gerar o token";

    public static readonly ContingencyReasonChoice CouldNotGenerate =
        new("nao-gerou", $"03 – {CouldNotGenerateNote} (instabilidade do sistema)", Tuss74.SystemUnavailable, CouldNotGenerateNote);

    public static readonly IReadOnlyList<ContingencyReasonChoice> All =
    [
        Plain(Tuss74.Emergency),
        Plain(Tuss74.SystemUnavailable),
        Plain(Tuss74.RefusedToInform),
        Plain(Tuss74.NoMobilePhone),
        CouldNotGenerate,
    ];

    /// <summary>TUSS 74 codes a printed guide may carry.</summary>
    public static bool IsOffered(string? code) => All.Any(c => c.Code == code);

    /// <summary>"03 – Intermitência… (Dentista não conseguiu gerar o token)": the code's standard text plus the note.</summary>
    public static string Display(string? code, string? note) =>
        string.IsNullOrWhiteSpace(note) ? Tuss74.Display(code) : $"{Tuss74.Display(code)} ({note})";

    private static ContingencyReasonChoice Plain(string code) => new(code, Tuss74.Find(code)!.ToString(), code, null);
}
