using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features;

/// <summary>
/// Issue 9 §2: a clinic user reaches a beneficiary only through the audited lookup (card or CPF) at this clinic,
/// recently; the reference is opaque; anything else answers exactly like "not found". Real handlers, real SQLite.
/// </summary>
public class BeneficiariesOnlyThroughTheLookup(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private static readonly TreatmentItemInput Consulta = new("81000030", null, null, null);

    private async Task<Result<BeneficiaryHeader>> HeaderAsync(string? reference, Actor actor) =>
        await s.Handler<GetBeneficiaryHeaderHandler>().HandleAsync(reference, actor);

    private async Task<Result<CreatedTreatment>> CreateAsync(string? reference, Actor actor) =>
        await s.Handler<CreateTreatmentHandler>().HandleAsync(new(reference, [Consulta]), actor);

    private static void AssertLooksNotFound<T>(Result<T> result)
    {
        Assert.Equal(ResultStatus.NotFound, result.Status);
        Assert.Equal([LookupGrants.NotFoundMessage], result.Errors);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task SequentialIdsShowNoBeneficiaryAndOpenNoTreatment()
    {
        var dentist = await s.DentistAsync();
        await using var before = await s.ContextAsync();
        var treatments = await before.Treatments.CountAsync();

        for (var id = 1; id <= 9; id++)
        {
            AssertLooksNotFound(await HeaderAsync(id.ToString(), dentist));
            AssertLooksNotFound(await CreateAsync(id.ToString(), dentist));
        }

        await using var after = await s.ContextAsync();
        Assert.Equal(treatments, await after.Treatments.CountAsync());
    }

    [Fact]
    public async Task ABeneficiaryNeverLookedUpCannotGetATreatment()
    {
        // Roberto was never looked up by this dentist: even a well-formed reference that is nobody's answers "not found".
        var dentist = await s.DentistAsync();
        AssertLooksNotFound(await CreateAsync("AAAAAAAAAAAAAAAAAAAAAA", dentist));
    }

    [Fact]
    public async Task TheLookupGrantsAnOpaqueReferenceForEachFamilyMemberThatOpensTheirTreatment()
    {
        var dentist = await s.DentistAsync();
        var card = (await s.Handler<LookupBeneficiaryHandler>().HandleAsync(new(TokenScenario.MariaCpf), dentist)).Value!;
        Assert.All(card.Members, m => Assert.True(LookupGrant.IsWellFormed(m.Reference), m.Reference));
        Assert.Equal(card.Members.Count(), card.Members.Select(m => m.Reference).Distinct().Count());

        // Pedro was shown as a family member: his own reference works.
        var pedro = card.Members.Single(m => m.FullName.StartsWith("Pedro"));
        var header = await HeaderAsync(pedro.Reference, dentist);
        Assert.True(header.IsOk, string.Join("; ", header.Errors));
        Assert.Equal("Pedro Henrique da Silva", header.Value!.FullName);
        var created = await CreateAsync(pedro.Reference, dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        await using var db = await s.ContextAsync();
        Assert.Equal(pedro.Id, (await db.Treatments.SingleAsync(t => t.Id == created.Value!.Id)).BeneficiaryId);

        // Looking the family up again keeps the same references (links already on screen keep working).
        var again = (await s.Handler<LookupBeneficiaryHandler>().HandleAsync(new(TokenScenario.PedroCard), dentist)).Value!;
        Assert.Equal(card.Members.Select(m => m.Reference).Order(), again.Members.Select(m => m.Reference).Order());
    }

    [Fact]
    public async Task AnotherUsersReferenceAnswersLikeNotFound()
    {
        var ana = await s.DentistAsync();
        var juliana = await DemoActors.ForAsync(database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj); // same clinic
        var anasReference = await s.ReferenceAsync(TokenScenario.RobertoCpf, ana);

        AssertLooksNotFound(await HeaderAsync(anasReference, juliana));
        AssertLooksNotFound(await CreateAsync(anasReference, juliana));
        Assert.True((await HeaderAsync(anasReference, ana)).IsOk);
    }

    [Fact]
    public async Task AReferenceFromAnotherClinicAnswersLikeNotFound()
    {
        // Dr. Carlos works at Campinas and at Belo Horizonte: a lookup at one clinic is no key at the other.
        var atCampinas = await DemoActors.ForAsync(database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var atBh = await DemoActors.ForAsync(database.Services, "dentista2@demo.local", DemoActors.BeloHorizonteCnpj);
        var reference = await s.ReferenceAsync(TokenScenario.RobertoCpf, atCampinas);

        AssertLooksNotFound(await HeaderAsync(reference, atBh));
        AssertLooksNotFound(await CreateAsync(reference, atBh));
        Assert.True((await HeaderAsync(reference, atCampinas)).IsOk);
    }

    [Fact]
    public async Task AReferenceExpiresAtTheEndOfTheDayInBrasilia()
    {
        var dentist = await s.DentistAsync();
        var reference = await s.ReferenceAsync(TokenScenario.AntoniaCpf, dentist);
        Assert.True((await HeaderAsync(reference, dentist)).IsOk);

        // The fixture's clock is 10:00 in Brasília: the grant lasts until midnight there, not a minute longer.
        var local = global::DentistPortal.Domain.Common.BrazilTime.ToLocal(database.Clock.GetUtcNow());
        database.Clock.Advance(TimeSpan.FromHours(24 - local.TimeOfDay.TotalHours) - TimeSpan.FromSeconds(1));
        Assert.True((await HeaderAsync(reference, dentist)).IsOk);
        database.Clock.Advance(TimeSpan.FromSeconds(2));
        AssertLooksNotFound(await HeaderAsync(reference, dentist));
        AssertLooksNotFound(await CreateAsync(reference, dentist));

        // A new lookup opens the way again, with a new reference; the old one never comes back.
        var fresh = await s.ReferenceAsync(TokenScenario.AntoniaCpf, dentist);
        Assert.NotEqual(reference, fresh);
        Assert.True((await HeaderAsync(fresh, dentist)).IsOk);
        AssertLooksNotFound(await HeaderAsync(reference, dentist));
    }

    [Fact]
    public async Task TheLookupAndEveryHeaderReadWriteAuditLines()
    {
        var dentist = await s.DentistAsync();
        await using var before = await s.ContextAsync();
        var since = await before.AuditEntries.MaxAsync(a => a.Id);
        var gustavoId = await s.BeneficiaryIdAsync("17320508052");

        var reference = await s.ReferenceAsync("17320508052", dentist);
        await HeaderAsync(reference, dentist);
        await HeaderAsync(reference, dentist);
        await HeaderAsync("5", dentist);

        await using var db = await s.ContextAsync();
        var lines = await db.AuditEntries.Where(a => a.Id > since && a.ActorUserId == dentist.UserId).OrderBy(a => a.Id).ToListAsync();
        Assert.Contains(lines, a => a.Action == AuditActions.BeneficiaryLookup && a.Outcome == "found" && a.SubjectId == gustavoId.ToString());
        Assert.Equal(2, lines.Count(a => a.Action == AuditActions.BeneficiaryRead && a.SubjectId == gustavoId.ToString() && a.ClinicId == dentist.ClinicId));
        Assert.Single(lines, a => a.Action == AuditActions.BeneficiaryReferenceRefused);
        Assert.All(lines, a => Assert.DoesNotContain(reference, a.Detail ?? ""));
    }

    [Fact]
    public async Task AClinicUserReadingATreatmentPageIsAudited()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        var staff = await s.StaffAsync();
        await using var before = await s.ContextAsync();
        var since = await before.AuditEntries.MaxAsync(a => a.Id);

        Assert.True((await s.Handler<GetTreatmentHandler>().HandleAsync(new(TreatmentId: id), staff)).IsOk);
        Assert.True((await s.Handler<GetTreatmentHandler>().HandleAsync(new(TreatmentId: id), staff)).IsOk); // a live reload

        await using var db = await s.ContextAsync();
        var robertoId = await s.BeneficiaryIdAsync(TokenScenario.RobertoCpf);
        var line = Assert.Single(await db.AuditEntries.Where(a => a.Id > since && a.Action == AuditActions.TreatmentBeneficiaryRead).ToListAsync());
        Assert.Equal((staff.UserId, robertoId.ToString()), (line.ActorUserId, line.SubjectId));
    }
}
