using DentistPortal.Domain.Contingency;

namespace DentistPortal.Features.Contingency;

/// <summary>The words the screens use for the signed-guide review (one place for the clinic's and the auditor's pages).</summary>
public static class SignedGuideLabels
{
    public static readonly IReadOnlyList<(SignedGuideRejection Reason, string Text)> Rejections =
    [
        (SignedGuideRejection.MissingSignature, "Sem assinatura do beneficiário"),
        (SignedGuideRejection.Illegible, "Ilegível"),
        (SignedGuideRejection.MissingDate, "Data de realização ausente"),
        (SignedGuideRejection.DifferentBeneficiary, "Beneficiário diferente"),
        (SignedGuideRejection.Other, "Outro"),
    ];

    public static string Rejection(SignedGuideRejection reason) =>
        Rejections.FirstOrDefault(r => r.Reason == reason).Text ?? reason.ToString();

    /// <summary>"Ilegível: a segunda linha está cortada" — the reason and, when given, the auditor's note.</summary>
    public static string Rejection(SignedGuideRejection? reason, string? note) =>
        reason is not { } r ? note ?? "" : note is null ? Rejection(r) : $"{Rejection(r)}: {note}";
}
