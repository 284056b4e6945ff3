using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Dental;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Procedures;

namespace DentistPortal.Domain.Treatments;

public sealed record AuthorizationDecision(ItemAuthorization Outcome, string? Reason);

/// <summary>AR-1: the rules that decide each procedure. Never looks at tokens (TR-3).</summary>
public static class AuthorizationPolicy
{
    public static AuthorizationDecision Decide(Beneficiary beneficiary, Plan plan, IProcedureRules? procedure, TreatmentItem item,
        IReadOnlyList<PriorUse> priorUses, DateTimeOffset now)
    {
        static AuthorizationDecision Deny(string reason) => new(ItemAuthorization.Denied, reason);

        if (!beneficiary.IsActive) return Deny("Beneficiário inativo no plano.");
        if (procedure is null || !procedure.IsActive) return Deny("Procedimento fora do catálogo da operadora.");
        if (SiteProblem(procedure, item) is { } siteProblem) return Deny(siteProblem);

        var coverage = plan.CoverageFor(procedure.TussCode);
        if (coverage is null) return Deny($"Procedimento não coberto pelo plano {plan.Name}.");

        var today = BrazilTime.Today(now);
        var coveredFrom = beneficiary.EnrolledOn.AddDays(coverage.WaitingPeriodDays);
        if (today < coveredFrom)
            return Deny($"Em carência até {coveredFrom:dd/MM/yyyy} ({coverage.WaitingPeriodDays} dias desde a adesão em {beneficiary.EnrolledOn:dd/MM/yyyy}).");

        if (coverage is { FrequencyMaxCount: { } max, FrequencyMonths: { } months })
        {
            var since = now.AddMonths(-months);
            var used = priorUses.Where(u => u.TussCode == procedure.TussCode && u.AtUtc > since).Sum(u => u.Quantity);
            if (used + item.Quantity > max)
                return Deny($"Limite de frequência: até {max} a cada {months} meses (já utilizado {used}).");
        }

        if (procedure.NeedsReview)
            return new(ItemAuthorization.UnderReview, "Em análise pela auditoria odontológica.");
        return new(ItemAuthorization.Authorized, null);
    }

    /// <summary>Tooth, faces and region checks for the procedure (also used by the form validator).</summary>
    public static string? SiteProblem(IProcedureRules procedure, TreatmentItem item)
    {
        if (item.Quantity is < 1 or > 99) return "Quantidade deve estar entre 1 e 99.";
        if (procedure.RequiresTooth)
        {
            if (item.Tooth is not { } tooth) return "Informe o dente (FDI) para este procedimento.";
            if (!Fdi.IsValidTooth(tooth)) return $"Dente {tooth} inválido: use a numeração FDI (11–48 permanentes, 51–85 decíduos).";
            if (procedure.TussCode.StartsWith("83", StringComparison.Ordinal) && !Fdi.IsDeciduous(tooth))
                return "Este procedimento é para dente decíduo (51–85).";
        }
        else if (item.Tooth is not null)
        {
            return "Este procedimento não é feito por dente.";
        }

        if (procedure.RequiresFaces)
        {
            var faces = Fdi.NormalizeFaces(item.Faces);
            if (faces is null) return "Informe as faces do dente (O, I, M, D, V, L, P).";
            if (procedure.FaceCount > 0 && faces.Length != procedure.FaceCount)
                return $"Este procedimento é de {procedure.FaceCount} face(s); foram informadas {faces.Length}.";
        }
        else if (!string.IsNullOrEmpty(item.Faces))
        {
            return "Este procedimento não leva faces.";
        }

        var regions = procedure.Site switch
        {
            ProcedureSite.Arch => Fdi.Arches,
            ProcedureSite.HemiArch => Fdi.HemiArches,
            ProcedureSite.Sextant => Fdi.Sextants,
            _ => null,
        };
        if (regions is not null && (item.Region is null || !regions.Contains(item.Region)))
            return $"Informe a região: {string.Join(", ", regions)}.";
        if (regions is null && item.Region is not null)
            return "Este procedimento não é feito por região.";
        return null;
    }
}
