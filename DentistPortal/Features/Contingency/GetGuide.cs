using DentistPortal.Domain.Common;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using DentistPortal.Domain.Support;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DentistPortal.Features.Contingency;

/// <summary>The GTO of a treatment (print page and PDF), for its clinic and the operator's roles.</summary>
public sealed class GetGuideHandler(IDbContextFactory<AppDbContext> dbFactory, IOptionsMonitor<OperatorOptions> operatorOptions, TimeProvider time, AccessCheck access)
{
    public async Task<Result<GuideDocument>> HandleAsync(string treatmentNumber, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.Treatments.AsNoTracking().Include(x => x.Items).FirstOrDefaultAsync(x => x.Number == treatmentNumber, ct);
        if (t is null || !(await access.ForTreatmentAsync(db, actor, t, ct)).CanReadGuide)
            return Result<GuideDocument>.NotFound("Tratamento não encontrado.");
        return Result<GuideDocument>.Ok(await BuildAsync(db, t, operatorOptions.CurrentValue, time.GetUtcNow(), ct));
    }

    /// <summary>
    /// Authorized procedures become signable rows; denied and under-review ones are listed apart, with their status and
    /// no date or signature cells (issue 9 §1, SPEC §9).
    /// </summary>
    internal static async Task<GuideDocument> BuildAsync(AppDbContext db, Treatment t, OperatorOptions op, DateTimeOffset now, CancellationToken ct)
    {
        var b = await db.Beneficiaries.AsNoTracking().SingleAsync(x => x.Id == t.BeneficiaryId, ct);
        var plan = await db.Plans.Where(p => p.Id == b.PlanId).Select(p => p.Name).SingleAsync(ct);
        var dentist = await db.Dentists.AsNoTracking().FirstOrDefaultAsync(d => d.UserId == t.DentistUserId, ct);
        var clinic = await db.Clinics.AsNoTracking().SingleAsync(c => c.Id == t.ClinicId, ct);
        var reason = await db.ContingencyRecords.Where(c => c.TreatmentId == t.Id).OrderByDescending(c => c.AtUtc).Select(c => new { c.ReasonCode, c.ReasonNote }).FirstOrDefaultAsync(ct);
        var items = t.Items.OrderBy(i => i.Id).ToList();
        return new GuideDocument(
            op.Name, op.AnsRegistration, t.Number, BrazilTime.Today(now),
            CardNumber.Format(b.CardNumber), plan, b.FullName,
            dentist?.FullName, dentist?.CroNumber, dentist?.CroUf, clinic.Cnes, clinic.Name, $"{clinic.City}/{clinic.Uf}",
            [.. items.Where(i => i.Authorization == ItemAuthorization.Authorized)
                .Select(i => new GuideRow("22", i.TussCode, i.Description, Where(i), i.Faces, i.Quantity, "Sim"))],
            $"Tratamento {t.Number}",
            reason is null ? null : ContingencyReasonChoices.Display(reason.ReasonCode, reason.ReasonNote),
            [.. items.Where(i => i.Authorization != ItemAuthorization.Authorized)
                .Select(i => new NotSignableRow(i.TussCode, i.Description, i.Tooth is { } tooth ? $"dente {tooth}" : i.Region, i.Authorization switch
                {
                    ItemAuthorization.Denied => i.Reason is null ? "Negado" : $"Negado: {i.Reason}",
                    ItemAuthorization.UnderReview => "Em análise pela auditoria",
                    _ => "Não enviado para autorização",
                }))]);
    }

    private static string? Where(TreatmentItem i) => i.Tooth?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? i.Region;
}

/// <summary>The blank GTO for when the portal is down: built from configuration only, no database.</summary>
public sealed class GetBlankGuideHandler(IOptionsMonitor<OperatorOptions> operatorOptions)
{
    public GuideDocument Handle()
    {
        var op = operatorOptions.CurrentValue;
        return new GuideDocument(op.Name, op.AnsRegistration, null, null, null, null, null, null, null, null, null, null, null, [], null, null);
    }
}
