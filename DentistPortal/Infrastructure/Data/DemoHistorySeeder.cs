using System.Security.Cryptography;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Pdf;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// A month of finished attendances for the demo (only into a database without treatments), so the admin's fraud signal
/// (issue 9 §1) has something to show: Sorriso Paulista and Campinas validate mostly by token at the chair, with a few
/// late tokens and signed guides; Clínica Dental Savassi (Dr. Rafael) validates half of its attendances by signed guide
/// and one with a contingency number, so it stands out against the network's median. Tokens carry a random hash that
/// no code matches; every signed guide is a real one-page PDF in the scans folder.
/// </summary>
internal static class DemoHistorySeeder
{
    private enum Path { Chair, Late, Guide, Contingency }

    private sealed record Plan(string DentistEmail, string ClinicCnpj, string StaffEmail, string BeneficiaryCard, Path Path, int Count);

    private static readonly Plan[] Month =
    [
        new("dentista@demo.local", "11222333000181", "recepcao@demo.local", "9876540000050010", Path.Chair, 10),
        new("dentista@demo.local", "11222333000181", "recepcao@demo.local", "9876540000050028", Path.Late, 1),
        new("dentista@demo.local", "11222333000181", "recepcao@demo.local", "9876540000050010", Path.Guide, 1),
        new("dentista3@demo.local", "11222333000181", "recepcao@demo.local", "9876540000050028", Path.Chair, 6),
        new("dentista3@demo.local", "11222333000181", "recepcao@demo.local", "9876540000050010", Path.Late, 1),
        new("dentista2@demo.local", "45367890000102", "recepcao2@demo.local", "9876540000050010", Path.Chair, 7),
        new("dentista2@demo.local", "45367890000102", "recepcao2@demo.local", "9876540000050028", Path.Late, 1),
        new("dentista2@demo.local", "45367890000102", "recepcao2@demo.local", "9876540000050010", Path.Guide, 1),
        new("dentista2@demo.local", "78123456000136", "recepcao3@demo.local", "9876540000050028", Path.Chair, 2),
        new("dentista4@demo.local", "78123456000136", "recepcao3@demo.local", "9876540000050010", Path.Chair, 3),
        new("dentista4@demo.local", "78123456000136", "recepcao3@demo.local", "9876540000050028", Path.Guide, 4),
        new("dentista4@demo.local", "78123456000136", "recepcao3@demo.local", "9876540000050010", Path.Contingency, 1),
    ];

    public static async Task SeedAsync(AppDbContext db, IScanStorage scans, TimeProvider time, CancellationToken ct)
    {
        if (await db.Treatments.AnyAsync(ct)) return;

        var users = await db.Users.ToDictionaryAsync(u => u.Email!, u => (u.Id, u.FullName), ct);
        var clinics = await db.Clinics.ToDictionaryAsync(c => c.Cnpj, c => c.Id, ct);
        var beneficiaries = await db.Beneficiaries.ToDictionaryAsync(b => b.CardNumber, b => b.Id, ct);
        var consultation = await db.Procedures.SingleAsync(p => p.TussCode == "81000030", ct);
        var catalogue = await db.Procedures.AsNoTracking().ToDictionaryAsync(p => p.TussCode, ct);
        var people = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).ToDictionaryAsync(b => b.Id, ct);
        var plans = await db.Plans.AsNoTracking().Include(p => p.Coverages).ToDictionaryAsync(p => p.Id, ct);
        var policy = new TokenPolicy();
        var references = new Security.RandomValidationReferenceGenerator();
        var agent = users["central@demo.local"];
        var auditor = users["auditor@demo.local"];
        var reviews = new List<(Treatment Treatment, SignedGuide Guide, DateTimeOffset ReviewedAt)>();
        var pdf = OnePagePdf();

        var now = time.GetUtcNow();
        var day = 0;
        var created = new List<(Treatment Treatment, Plan Plan, DateTimeOffset At)>();
        foreach (var plan in Month)
        {
            for (var i = 0; i < plan.Count; i++)
            {
                // Spread over the last four weeks, mid-morning Brasília time.
                var at = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(2 + day++ % 27)).AddHours(13 + i % 5);
                var treatment = new Treatment
                {
                    Number = "~" + Guid.NewGuid().ToString("N")[..19],
                    BeneficiaryId = beneficiaries[plan.BeneficiaryCard],
                    DentistUserId = users[plan.DentistEmail].Id,
                    ClinicId = clinics[plan.ClinicCnpj],
                    CreatedAtUtc = at,
                    SubmittedAtUtc = at,
                    Items = [new TreatmentItem { TussCode = consultation.TussCode, Description = consultation.Description }],
                };
                // Decided by the same rules as at the chair (AR-1): both demo patients' plan covers the consultation.
                var patient = people[treatment.BeneficiaryId];
                treatment.Submit(patient, plans[patient.PlanId], catalogue, [], at);
                db.Treatments.Add(treatment);
                created.Add((treatment, plan, at));
            }
        }
        await db.SaveChangesAsync(ct);

        foreach (var (t, plan, at) in created)
        {
            t.Number = Treatment.NumberFor(t.Id, at);
            var dentist = users[plan.DentistEmail];
            var staff = users[plan.StaffEmail];
            switch (plan.Path)
            {
                case Path.Chair or Path.Late:
                    // Through the aggregate, as at the chair: a token issued, and the patient's code typed minutes (or hours, late) later.
                    var hash = RandomNumberGenerator.GetBytes(32);
                    var issuedAt = at.AddMinutes(5);
                    if (t.IssueToken(() => new NewTokenCode(AttendanceToken.LegacyHmacKeyId, hash, ""), dentist.Id, issuedAt, policy).Refusal is { } refused) throw new InvalidOperationException(refused);
                    if (plan.Path == Path.Late) t.MarkAwaitingLateToken(Tuss74.NoMobilePhone);
                    var check = t.CheckCode(_ => hash, plan.Path == Path.Late ? staff.Id : dentist.Id, plan.Path == Path.Late ? ValidationChannel.Late : ValidationChannel.Chair,
                        plan.Path == Path.Late ? at.AddHours(6) : at.AddMinutes(8), policy, 0, references.Next);
                    if (check.Outcome != ValidationOutcome.Validated) throw new InvalidOperationException($"Demo token not validated: {check.Outcome}.");
                    if (check.Attempt is { } attempt) db.TokenAttempts.Add(attempt);
                    break;
                case Path.Guide or Path.Contingency:
                    string? number = null;
                    if (plan.Path == Path.Contingency)
                    {
                        number = $"CT{at:yyMMdd}{RandomNumberGenerator.GetInt32(0, 1_000_000):D6}";
                        db.ContingencyNumbers.Add(new ContingencyNumber
                        {
                            Number = number, ClinicId = t.ClinicId, IssuedByUserId = agent.Id, IssuedAtUtc = at, Note = "Portal fora do ar (demonstração)",
                            UsedByTreatmentId = t.Id, UsedAtUtc = at.AddDays(1),
                        });
                    }
                    var reason = plan.Path == Path.Contingency ? Tuss74.SystemUnavailable : Tuss74.NoMobilePhone;
                    db.ContingencyRecords.Add(new ContingencyRecord { TreatmentId = t.Id, ReasonCode = reason, ByUserId = staff.Id, ByName = staff.FullName, AtUtc = at });
                    var stored = $"{Guid.NewGuid():N}.pdf";
                    await scans.SaveAsync(stored, pdf, ct);
                    var uploadedAt = at.AddHours(plan.Path == Path.Contingency ? 24 : 1);
                    var guide = t.SubmitSignedGuide(new SignedGuideScan(stored, "guia-assinada.pdf", "application/pdf", pdf.Length, Convert.ToHexString(SHA256.HashData(pdf))),
                        reason, number, staff.Id, staff.FullName, int.MaxValue, uploadedAt);
                    reviews.Add((t, guide, uploadedAt.AddHours(3)));
                    break;
            }
        }
        await db.SaveChangesAsync(ct);

        // The auditor's conference (issue 9 §1): every demo guide is found dated and signed on the day of the attendance.
        foreach (var (t, guide, reviewedAt) in reviews)
        {
            var rows = t.SignableItems.Select(i => new PerformedRow(i.Id, Domain.Common.BrazilTime.Today(t.SubmittedAtUtc!.Value))).ToList();
            if (t.ConfirmSignedGuide(guide.Id, rows, auditor.Id, auditor.FullName, reviewedAt) is { } why) throw new InvalidOperationException(why);
        }
        await db.SaveChangesAsync(ct);
    }

    private static byte[] OnePagePdf()
    {
        using var document = new PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}
