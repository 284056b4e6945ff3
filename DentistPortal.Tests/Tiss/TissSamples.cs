using DentistPortal.Domain.Tiss;

namespace DentistPortal.Tests.Tiss;

/// <summary>Guides and headers as the export builds them, one per path of issue 11 (token at the chair, late token,
/// signed guide, contingency), with teeth, regions and faces.</summary>
public static class TissSamples
{
    public static readonly DateTime RegisteredAt = new(2026, 11, 30, 14, 5, 9);

    public static TissBatchHeader Header(int sequence = 42, string? codeAtOperator = null) =>
        new(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), $"L{sequence}", RegisteredAt,
            new TissProvider(codeAtOperator, "12.345.678/0001-95"), "345678");

    public static TissExecutingDentist Dentist(string name = "Ana D'Ávila São João") =>
        new("52998224725", name, "12345", "SP", "1234567", "223208");

    public static TissPerformedProcedure Procedure(int sequence = 1, int? tooth = 11, string? region = null, string? faces = "OM",
        string description = "Restauração em resina fotopolimerizável 2 faces", int quantity = 1, decimal unitPrice = 150.5m,
        bool authorized = true) =>
        new(sequence, "85100196", description, tooth, region, faces, quantity, unitPrice, authorized, new DateOnly(2026, 11, 20));

    public static TissDentalGuide Guide(string number = "T-000123", TissAttendanceProof? proof = null,
        IReadOnlyList<TissPerformedProcedure>? procedures = null, TissExecutingDentist? dentist = null,
        string plan = "Plano Odonto Essencial", DateOnly? authorizedOn = null, string card = "9876 5400 0001 0014") =>
        new("345678", number, authorizedOn, proof ?? new TissAttendanceProof.Validation("V00000001"), card, plan,
            dentist ?? Dentist(), procedures ?? [Procedure()], new DateOnly(2026, 11, 20));

    /// <summary><paramref name="count"/> distinct guides, numbered G1..Gn.</summary>
    public static List<TissDentalGuide> Many(int count) =>
        Enumerable.Range(1, count).Select(i => Guide(number: $"G{i}", proof: i % 2 == 0
            ? new TissAttendanceProof.Absence(Tuss74.SystemUnavailable)
            : new TissAttendanceProof.Validation($"V{i:D8}"))).ToList();
}
