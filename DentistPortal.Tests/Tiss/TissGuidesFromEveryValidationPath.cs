using System.Globalization;
using System.Xml.Linq;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Billing;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DentistPortal.Tests.Tiss.TissExportScenario;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// Issue 11 (TISS export): the guide of one treatment ("Baixar XML TISS") on every validation path, read back field by field
/// from the produced XML, which is valid against the ANS 4.01.00 schemas and carries the recomputed epilogo hash.
/// </summary>
public class TissGuidesFromEveryValidationPath(PricedDatabase database) : IClassFixture<PricedDatabase>
{
    private readonly TissExportScenario s = new(database);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AClinicWithoutACodeAtTheOperatorIsNamedByItsCnpjInTheHeader()
    {
        var clinicId = await s.SaoPauloAsync();
        await using (var db = await s.Tokens.ContextAsync())
            await db.Clinics.Where(c => c.Id == clinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.CodeAtOperator, (string?)null));
        try
        {
            var id = await s.ValidatedAtTheChairAsync("613482");
            var doc = Parse((await s.TreatmentXmlAsync(id)).File.Content);
            var origin = E(E(E(doc.Root!, "cabecalho"), "origem"), "identificacaoPrestador");
            Assert.Equal(DemoActors.SaoPauloCnpj, V(origin, "CNPJ"));
            Assert.False(Has(origin, "codigoPrestadorNaOperadora"));
        }
        finally
        {
            await using var db = await s.Tokens.ContextAsync();
            await db.Clinics.Where(c => c.Id == clinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.CodeAtOperator, "SPL000101"));
        }
    }

    [Fact]
    public async Task ATokenAtTheChairBillsTheValidationReferenceAndTheAuthorizedProceduresOnTheValidationDay()
    {
        database.References.Enqueue("CHAIR00001");
        var id = await s.ValidatedAtTheChairAsync("482913");
        var treatment = await s.TreatmentAsync(id);
        var download = await s.TreatmentXmlAsync(id);

        var doc = Parse(download.File.Content);
        var header = E(doc.Root!, "cabecalho");
        var transaction = E(header, "identificacaoTransacao");
        Assert.Equal("ENVIO_LOTE_GUIAS", V(transaction, "tipoTransacao"));
        Assert.Equal(download.Receipt.FirstSequence.ToString(CultureInfo.InvariantCulture), V(transaction, "sequencialTransacao"));
        var registered = DentistPortal.Domain.Common.BrazilTime.ToLocal(database.Clock.GetUtcNow());
        Assert.Equal(registered.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), V(transaction, "dataRegistroTransacao"));
        Assert.Equal(registered.ToString("HH:mm:ss", CultureInfo.InvariantCulture), V(transaction, "horaRegistroTransacao"));
        // The demo clinic has a code at the operator, which names it in the header instead of its CNPJ.
        var origin = E(E(header, "origem"), "identificacaoPrestador");
        Assert.Equal("SPL000101", V(origin, "codigoPrestadorNaOperadora"));
        Assert.False(Has(origin, "CNPJ"));
        Assert.Equal("987654", V(E(header, "destino"), "registroANS"));
        Assert.Equal("4.01.00", V(header, "Padrao"));
        var lote = E(E(doc.Root!, "prestadorParaOperadora"), "loteGuias");
        Assert.Equal(download.Receipt.FirstSequence.ToString(CultureInfo.InvariantCulture), V(lote, "numeroLote"));

        var guide = Assert.Single(lote.Descendants(Ans + "guiaOdonto"));
        Assert.Equal("987654", V(guide, "registroANS"));
        Assert.Equal(treatment.Number, V(guide, "numeroGuiaPrestador"));
        Assert.Equal(D(DentistPortal.Domain.Common.BrazilTime.Today(treatment.SubmittedAtUtc!.Value)), V(guide, "dataAutorizacao"));
        Assert.Equal("CHAIR00001", V(guide, "codValidacao"));
        Assert.False(Has(guide, "ausenciaCodValidacao"));
        Assert.Equal("9876540000010014", V(E(guide, "dadosBeneficiario"), "numeroCarteira"));
        Assert.Equal("N", V(E(guide, "dadosBeneficiario"), "atendimentoRN"));
        Assert.Equal("Sorriso Pleno Essencial", V(guide, "planoBeneficiario"));
        var prof = E(guide, "dadosProfissionaisResponsaveis");
        Assert.Equal(await DentistCpfAsync("dentista@demo.local"), V(prof, "codigoProfExec"));
        Assert.Equal("98765", V(prof, "croExec"));
        Assert.Equal("35", V(prof, "ufExec")); // SP as the IBGE code of dm_UF
        Assert.Equal("2071234", V(prof, "cnesExec"));
        Assert.Equal("223208", V(prof, "cbosExec2"));
        var proc = Assert.Single(guide.Elements(Ans + "procedimentosExecutados"));
        Assert.Equal("1", V(proc, "sequencialItem"));
        Assert.Equal("22", V(E(proc, "procSolic"), "codigoTabela"));
        Assert.Equal("81000030", V(E(proc, "procSolic"), "codigoProcedimento"));
        Assert.Equal("Consulta odontológica", V(E(proc, "procSolic"), "descricaoProcedimento"));
        Assert.False(Has(proc, "denteRegiao"));
        Assert.False(Has(proc, "denteFace"));
        Assert.Equal("1", V(proc, "qtdProc"));
        Assert.Equal("85.50", V(proc, "valorProc"));
        Assert.Equal("true", V(proc, "autorizado"));
        Assert.Equal(D(DentistPortal.Domain.Common.BrazilTime.Today(treatment.ValidatedAtUtc!.Value)), V(proc, "dataRealizacao"));
        Assert.Equal(D(DentistPortal.Domain.Common.BrazilTime.Today(treatment.ValidatedAtUtc!.Value)), V(guide, "dataTerminoTrat"));
        Assert.Equal("85.50", V(guide, "valorTotalProc"));
        Assert.Equal(TissExportKind.SingleTreatment, (await ExportAsync(download.Receipt.ExportId)).Kind);
    }

    [Fact]
    public async Task ALateTokenBillsItsOwnReferenceDatedWhenThePatientToldTheCode()
    {
        database.References.Enqueue("LATE000001");
        var before = database.Clock.GetUtcNow();
        var id = await s.ValidatedLateAsync("730215", TimeSpan.FromDays(1) + TimeSpan.FromHours(3));
        var treatment = await s.TreatmentAsync(id);
        Assert.NotEqual(DentistPortal.Domain.Common.BrazilTime.Today(before), DentistPortal.Domain.Common.BrazilTime.Today(treatment.ValidatedAtUtc!.Value));

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        Assert.Equal("LATE000001", V(guide, "codValidacao"));
        Assert.False(Has(guide, "ausenciaCodValidacao"));
        var proc = Assert.Single(guide.Elements(Ans + "procedimentosExecutados"));
        Assert.Equal(D(DentistPortal.Domain.Common.BrazilTime.Today(treatment.ValidatedAtUtc!.Value)), V(proc, "dataRealizacao"));
    }

    [Fact]
    public async Task ASignedGuideBillsTheAbsenceReasonAndOnlyTheRowsTheAuditorConfirmedOnTheirDates()
    {
        // Consultation + restoration (tooth 16, faces M O) authorized, crown denied, root canal under review.
        var id = await s.SubmittedAsync(new("81000030", null, null, null), new("85100102", 16, null, "MO"), new("85400157", 16, null, null), new("85200158", 36, null, null));
        database.Clock.Advance(TimeSpan.FromDays(3));
        var today = s.Today;
        await s.ValidatedBySignedGuideAsync(id, items =>
        [
            new PerformedRow(items[0].Id, today.AddDays(-2)),
            new PerformedRow(items[1].Id, today.AddDays(-1)),
        ], reason: Tuss74.NoMobilePhone);
        var treatment = await s.TreatmentAsync(id);
        Assert.Equal(ItemAuthorization.Denied, treatment.Items[2].Authorization);
        Assert.Equal(ItemAuthorization.UnderReview, treatment.Items[3].Authorization);

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        Assert.Equal("07", V(guide, "ausenciaCodValidacao"));
        Assert.False(Has(guide, "codValidacao"));
        var procs = guide.Elements(Ans + "procedimentosExecutados").ToList();
        Assert.Equal(["81000030", "85100102"], procs.Select(p => V(E(p, "procSolic"), "codigoProcedimento")));
        Assert.Equal(["1", "2"], procs.Select(p => V(p, "sequencialItem")));
        Assert.Equal([D(today.AddDays(-2)), D(today.AddDays(-1))], procs.Select(p => V(p, "dataRealizacao")));
        Assert.Equal("16", V(E(procs[1], "denteRegiao"), "codDente"));
        Assert.Equal(treatment.Items[1].Faces, V(procs[1], "denteFace")); // as stored (the portal orders the letters)
        Assert.Equal("MO", string.Concat(V(procs[1], "denteFace").Order()));
        Assert.Equal("120.00", V(procs[1], "valorProc"));
        Assert.Equal(D(today.AddDays(-1)), V(guide, "dataTerminoTrat"));
        Assert.Equal("205.50", V(guide, "valorTotalProc"));
    }

    [Fact]
    public async Task AnUnconfirmedRowOfASignedGuideIsNotBilled()
    {
        var id = await s.SubmittedAsync(new("81000030", null, null, null), new("85100102", 11, null, "VL"));
        await s.ValidatedBySignedGuideAsync(id, items => [new PerformedRow(items[1].Id, s.Today)]);

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        var proc = Assert.Single(guide.Elements(Ans + "procedimentosExecutados"));
        Assert.Equal("85100102", V(E(proc, "procSolic"), "codigoProcedimento"));
        Assert.Equal("120.00", V(guide, "valorTotalProc"));
    }

    [Fact]
    public async Task AContingencyNumberGuideBillsReason03()
    {
        var number = await s.ContingencyNumberAsync();
        var id = await s.Tokens.SubmittedTreatmentAsync();
        await s.ValidatedBySignedGuideAsync(id, items => [new PerformedRow(items[0].Id, s.Today)], contingencyNumber: number);

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        Assert.Equal("03", V(guide, "ausenciaCodValidacao"));
        Assert.False(Has(guide, "codValidacao"));
    }

    [Fact]
    public async Task TeethRegionsFacesAndSeveralProceduresAreWrittenAsTheTissListsSpellThem()
    {
        var id = await s.ValidatedAtTheChairAsync("615243",
            new("81000030", null, null, null),
            new("85100102", 46, null, "do"),
            new("85300047", null, "S1", null),
            new("85100110", 21, null, "MIP"));

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        var procs = guide.Elements(Ans + "procedimentosExecutados").ToList();
        Assert.Equal(4, procs.Count);
        Assert.Equal(["1", "2", "3", "4"], procs.Select(p => V(p, "sequencialItem")));
        Assert.False(Has(procs[0], "denteRegiao"));
        Assert.Equal("46", V(E(procs[1], "denteRegiao"), "codDente"));
        Assert.Equal("DO", string.Concat(V(procs[1], "denteFace").Order()));
        Assert.Equal("S1", V(E(procs[2], "denteRegiao"), "codRegiao"));
        Assert.False(Has(E(procs[2], "denteRegiao"), "codDente"));
        Assert.Equal("21", V(E(procs[3], "denteRegiao"), "codDente"));
        Assert.Equal("IMP", string.Concat(V(procs[3], "denteFace").Order()));
        Assert.Equal("445.50", V(guide, "valorTotalProc"));
    }

    [Fact]
    public async Task ADeniedProcedureIsNeverBilled()
    {
        var id = await s.Tokens.SubmittedTreatmentAsync(withDeniedAndReview: true);
        await s.Tokens.GenerateAsync(id, "905172");
        Assert.True((await s.Tokens.ValidateAsync(id, "905172")).Succeeded);

        var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);

        var proc = Assert.Single(guide.Elements(Ans + "procedimentosExecutados"));
        Assert.Equal("81000030", V(E(proc, "procSolic"), "codigoProcedimento"));
        Assert.DoesNotContain(guide.Descendants(Ans + "codigoProcedimento"), e => e.Value is "85400157" or "85200158");
    }

    [Fact]
    public async Task NamesWithAccentsAndApostrophesStayReadableAndTheFileStaysValid()
    {
        await using (var db = await s.Tokens.ContextAsync())
        {
            var user = await db.Users.Where(u => u.Email == "dentista3@demo.local").Select(u => u.Id).SingleAsync();
            await db.Dentists.Where(d => d.UserId == user).ExecuteUpdateAsync(x => x.SetProperty(d => d.FullName, "Dra. Juliana D'Ávila & Conceição <Prado>"));
        }
        var dentist = await DemoActors.ForAsync(database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj);
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.Tokens.ReferenceAsync(TokenScenario.MariaCpf, dentist), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        await s.Tokens.GenerateAsync(created.Value.Id, "374610", dentist);
        Assert.True((await s.Tokens.ValidateAsync(created.Value.Id, "374610", dentist)).Succeeded);

        var file = (await s.TreatmentXmlAsync(created.Value.Id)).File;
        var guide = SingleGuide(file);

        Assert.Equal("Dra. Juliana D'Ávila & Conceição <Prado>", V(E(guide, "dadosProfissionaisResponsaveis"), "nomeProfExec2"));
        Assert.Equal("67890", V(E(guide, "dadosProfissionaisResponsaveis"), "croExec"));
        // ISO-8859-1 bytes: "Á" is one byte 0xC1, and the markup characters are escaped.
        Assert.Contains((byte)0xC1, file.Content);
        Assert.Contains("D'Ávila &amp; Conceição &lt;Prado&gt;", System.Text.Encoding.Latin1.GetString(file.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryPathCarriesExactlyOneOfCodValidacaoAndAusenciaCodValidacao()
    {
        var chair = await s.ValidatedAtTheChairAsync("118822");
        var late = await s.ValidatedLateAsync("228833", TimeSpan.FromHours(2));
        var guided = await s.ValidatedBySignedGuideAsync(await s.Tokens.SubmittedTreatmentAsync(), items => [new PerformedRow(items[0].Id, s.Today)]);
        var contingency = await s.ValidatedBySignedGuideAsync(await s.Tokens.SubmittedTreatmentAsync(), items => [new PerformedRow(items[0].Id, s.Today)],
            contingencyNumber: await s.ContingencyNumberAsync());

        foreach (var (id, token) in new[] { (chair, true), (late, true), (guided, false), (contingency, false) })
        {
            var guide = SingleGuide((await s.TreatmentXmlAsync(id)).File);
            Assert.True(Has(guide, "codValidacao") ^ Has(guide, "ausenciaCodValidacao"));
            Assert.Equal(token, Has(guide, "codValidacao"));
        }
    }

    [Fact]
    public async Task TheValidationReferenceIsUniquePerValidationAndNeverTheCode()
    {
        // The production generator, through a real validation each time.
        var generator = new DentistPortal.Infrastructure.Security.RandomValidationReferenceGenerator();
        var codes = new[] { "104729", "130363", "224737", "350377", "479909" };
        var references = new List<string>();
        foreach (var code in codes)
        {
            var reference = generator.Next();
            database.References.Enqueue(reference);
            var id = await s.ValidatedAtTheChairAsync(code);
            var treatment = await s.TreatmentAsync(id);
            Assert.Equal(reference, treatment.ValidationReference);
            Assert.InRange(treatment.ValidationReference!.Length, 1, 10);
            Assert.DoesNotContain(code, treatment.ValidationReference, StringComparison.Ordinal);
            references.Add(V(SingleGuide((await s.TreatmentXmlAsync(id)).File), "codValidacao"));
        }
        Assert.Equal(references.Count, references.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(10_000, Enumerable.Range(0, 10_000).Select(_ => generator.Next()).Distinct(StringComparer.Ordinal).Count());

        // The database refuses a second validation with a reference already used (unique index).
        database.References.Enqueue(references[0]);
        var again = await s.Tokens.SubmittedTreatmentAsync();
        await s.Tokens.GenerateAsync(again, "561234");
        var dentist = await s.DentistAsync();
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => s.Handler<DentistPortal.Features.Tokens.ValidateTokenHandler>().HandleAsync(new(again, "561234"), dentist));
        Assert.Null((await s.TreatmentAsync(again)).ValidationReference);
    }

    [Fact]
    public async Task ASecondDownloadNeedsTheExplicitReexportAndIsAuditedAsSuch()
    {
        var id = await s.ValidatedAtTheChairAsync("671234");
        var first = await s.TreatmentXmlAsync(id);
        Assert.False(first.Receipt.IsReexport);

        var refused = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false), await s.StaffAsync());
        Assert.Equal(DentistPortal.Features.Common.ResultStatus.Invalid, refused.Status);
        Assert.Contains("já foi exportada em", Assert.Single(refused.Errors), StringComparison.Ordinal);
        var status = await s.Handler<GetTreatmentTissStatusHandler>().HandleAsync(new(id), await s.StaffAsync());
        Assert.NotNull(status.Value!.LastExportedAtUtc);

        var again = await s.TreatmentXmlAsync(id, allowReexport: true);
        Assert.True(again.Receipt.IsReexport);
        Assert.True(again.Receipt.FirstSequence > first.Receipt.FirstSequence);
        await using var db = await s.Tokens.ContextAsync();
        var outcomes = await db.AuditEntries.Where(a => a.Action == DentistPortal.Domain.Audit.AuditActions.TissExported && a.SubjectId == id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Outcome).ToListAsync();
        Assert.Equal(["exported", "reexported"], outcomes);
    }

    [Fact]
    public async Task TheSameClickTwiceDownloadsOneExport()
    {
        var id = await s.ValidatedAtTheChairAsync("781234");
        var key = Guid.NewGuid();
        var staff = await s.StaffAsync();
        var one = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false, key), staff);
        var two = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false, key), staff);
        Assert.True(one.IsOk && two.IsOk);
        Assert.Equal(one.Value!.Receipt, two.Value!.Receipt);
        Assert.Equal(one.Value.File.Content, two.Value.File.Content);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(1, await db.TissExportedGuides.CountAsync(g => g.TreatmentId == id));
    }

    [Fact]
    public async Task AnotherClinicsStaffIsRefusedTheTreatmentsXml()
    {
        var id = await s.ValidatedAtTheChairAsync("891234");
        var other = await s.Tokens.OtherClinicStaffAsync();

        var refused = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, true), other);

        Assert.Equal(DentistPortal.Features.Common.ResultStatus.Forbidden, refused.Status);
        Assert.False((await s.Handler<GetTreatmentTissStatusHandler>().HandleAsync(new(id), other)).Value!.Offered);
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(0, await db.TissExportedGuides.CountAsync(g => g.TreatmentId == id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == DentistPortal.Domain.Audit.AuditActions.AccessDenied && a.ActorUserId == other.UserId && a.SubjectId == id.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ATreatmentNotYetValidatedHasNoTissXml()
    {
        var id = await s.Tokens.SubmittedTreatmentAsync();
        var refused = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false), await s.StaffAsync());
        Assert.Equal(DentistPortal.Features.Common.ResultStatus.Invalid, refused.Status);
        Assert.Contains("ainda não foi validado", Assert.Single(refused.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProcedureWithoutAPriceIsReportedNotBilledAtZero()
    {
        var id = await s.ValidatedAtTheChairAsync("931234", new("81000030", null, null, null), new("81000421", 36, null, null));
        await using (var db = await s.Tokens.ContextAsync())
            await db.PlanCoverages.Where(c => c.TussCode == "81000421").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, (decimal?)null));
        try
        {
            var refused = await s.Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(id, false), await s.StaffAsync());
            Assert.Equal(DentistPortal.Features.Common.ResultStatus.Invalid, refused.Status);
            Assert.Contains(refused.Errors, e => e.Contains("81000421", StringComparison.Ordinal) && e.Contains("sem preço", StringComparison.Ordinal));
            var status = (await s.Handler<GetTreatmentTissStatusHandler>().HandleAsync(new(id), await s.StaffAsync())).Value!;
            Assert.Contains(status.Problems, e => e.Contains("sem preço", StringComparison.Ordinal));
            await using var db = await s.Tokens.ContextAsync();
            Assert.Equal(0, await db.TissExportedGuides.CountAsync(g => g.TreatmentId == id));
        }
        finally
        {
            await using var db = await s.Tokens.ContextAsync();
            await db.PlanCoverages.Where(c => c.TussCode == "81000421").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, PricedDatabase.OtherPrice));
        }
    }

    private async Task<string> DentistCpfAsync(string email)
    {
        await using var db = await s.Tokens.ContextAsync();
        var user = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.Dentists.Where(d => d.UserId == user).Select(d => d.Cpf).SingleAsync();
    }

    private async Task<TissExport> ExportAsync(int exportId)
    {
        await using var db = await s.Tokens.ContextAsync();
        return await db.TissExports.AsNoTracking().SingleAsync(e => e.Id == exportId);
    }
}
