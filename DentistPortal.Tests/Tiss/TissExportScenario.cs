using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Billing;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Review;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Tiss;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// A database whose plans have prices for every covered procedure (issue 11: the operator's price table; set directly on the
/// entities, the admin screens are another helper's) — the consultation at R$ 85,50, everything else R$ 120,00.
/// </summary>
public class PricedDatabase : TestDatabase, IAsyncLifetime
{
    public const decimal ConsultationPrice = 85.50m;
    public const decimal OtherPrice = 120.00m;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await using var db = await new TokenScenario(this).ContextAsync();
        await db.PlanCoverages.ExecuteUpdateAsync(s => s.SetProperty(c => c.Price, c => c.TussCode == "81000030" ? ConsultationPrice : OtherPrice));
    }
}

/// <summary>Builds validated treatments on every path through the real handlers, and reads the TISS files they export.</summary>
public sealed class TissExportScenario(TestDatabase database)
{
    public static readonly XNamespace Ans = "http://www.ans.gov.br/padroes/tiss/schemas";

    public TokenScenario Tokens { get; } = new(database);
    public TestDatabase Database => database;

    public T Handler<T>() where T : notnull => Tokens.Handler<T>();

    public Task<Actor> DentistAsync() => Tokens.DentistAsync();
    public Task<Actor> StaffAsync() => Tokens.StaffAsync();
    public Task<Actor> AuditorAsync() => DemoActors.ForAsync(database.Services, "auditor@demo.local");
    public Task<int> SaoPauloAsync() => DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);

    public DateOnly Today => DentistPortal.Domain.Common.BrazilTime.Today(database.Clock.GetUtcNow());

    /// <summary>A submitted treatment of Maria with these items (as the dentist creates it after the lookup).</summary>
    public async Task<int> SubmittedAsync(params TreatmentItemInput[] items)
    {
        var dentist = await DentistAsync();
        var created = await Handler<CreateTreatmentHandler>().HandleAsync(new(await Tokens.ReferenceAsync(TokenScenario.MariaCpf, dentist), items), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        var submitted = await Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        Assert.True(submitted.IsOk, string.Join("; ", submitted.Errors));
        return created.Value.Id;
    }

    /// <summary>Token at the chair: generate, then the dentist types the code.</summary>
    public async Task<int> ValidatedAtTheChairAsync(string code, params TreatmentItemInput[] items)
    {
        var id = items.Length == 0 ? await Tokens.SubmittedTreatmentAsync() : await SubmittedAsync(items);
        await Tokens.GenerateAsync(id, code);
        Assert.True((await Tokens.ValidateAsync(id, code)).Succeeded);
        return id;
    }

    /// <summary>Late token: marked "paciente sem celular", the receptionist types the code <paramref name="later"/>.</summary>
    public async Task<int> ValidatedLateAsync(string code, TimeSpan later)
    {
        var id = await Tokens.SubmittedTreatmentAsync();
        await Tokens.GenerateAsync(id, code);
        Assert.True((await Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await DentistAsync())).IsOk);
        database.Clock.Advance(later);
        Assert.True((await Tokens.ValidateAsync(id, code, await StaffAsync(), ValidationChannel.Late)).Succeeded);
        return id;
    }

    /// <summary>
    /// Signed guide: printed with a TUSS 74 reason (or registered with a contingency number), scanned, and the auditor
    /// confirms the rows <paramref name="confirm"/> picks, each with its date.
    /// </summary>
    public async Task<int> ValidatedBySignedGuideAsync(int treatmentId, Func<IReadOnlyList<DentistPortal.Domain.Treatments.TreatmentItem>, IReadOnlyList<PerformedRow>> confirm,
        string? contingencyNumber = null, string reason = Tuss74.NoMobilePhone)
    {
        var staff = await StaffAsync();
        if (contingencyNumber is null)
        {
            var printed = await Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(treatmentId), reason), staff);
            Assert.True(printed.IsOk, string.Join("; ", printed.Errors));
        }
        var registered = await Handler<RegisterSignedGuideHandler>().HandleAsync(new(treatmentId, "guia.pdf", new MemoryStream(ScanFiles.Pdf()), contingencyNumber), staff);
        Assert.True(registered.IsOk, string.Join("; ", registered.Errors));
        List<DentistPortal.Domain.Treatments.TreatmentItem> items;
        await using (var db = await Tokens.ContextAsync())
            items = await db.TreatmentItems.AsNoTracking().Where(i => i.TreatmentId == treatmentId).OrderBy(i => i.Id).ToListAsync();
        var decided = await Handler<DecideSignedGuideHandler>().HandleAsync(new(registered.Value!.GuideId, confirm(items)), await AuditorAsync());
        Assert.True(decided.IsOk, string.Join("; ", decided.Errors));
        return treatmentId;
    }

    /// <summary>The Central issues a contingency number to the São Paulo clinic.</summary>
    public async Task<string> ContingencyNumberAsync()
    {
        var agent = await DemoActors.ForAsync(database.Services, "central@demo.local");
        var issued = await Handler<IssueContingencyNumberHandler>().HandleAsync(new(await SaoPauloAsync(), "portal fora do ar"), agent);
        Assert.True(issued.IsOk, string.Join("; ", issued.Errors));
        return issued.Value!.Number;
    }

    public async Task<string> NumberAsync(int treatmentId)
    {
        await using var db = await Tokens.ContextAsync();
        return await db.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).SingleAsync();
    }

    public async Task<DentistPortal.Domain.Treatments.Treatment> TreatmentAsync(int treatmentId)
    {
        await using var db = await Tokens.ContextAsync();
        return await db.Treatments.AsNoTracking().Include(t => t.Items).SingleAsync(t => t.Id == treatmentId);
    }

    /// <summary>"Baixar XML TISS" on the treatment page, by the clinic's receptionist; asserts it worked.</summary>
    public async Task<TissExportDownload> TreatmentXmlAsync(int treatmentId, bool allowReexport = false, Actor? actor = null)
    {
        var result = await Handler<GetTreatmentTissXmlHandler>().HandleAsync(new(treatmentId, allowReexport), actor ?? await StaffAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    /// <summary>The one guiaOdonto of a single-guide file, after checking the file against the ANS schemas and its hash.</summary>
    public static XElement SingleGuide(TissFile file)
    {
        var doc = Parse(file.Content);
        return Assert.Single(doc.Descendants(Ans + "guiaOdonto"));
    }

    /// <summary>Parses an exported mensagemTISS, validates it against the official schemas and recomputes the epilogo hash.</summary>
    public static XDocument Parse(byte[] content)
    {
        var text = Encoding.Latin1.GetString(content);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", text, StringComparison.Ordinal);
        var errors = TissSchemas.Validate(content); // the writer helper's check against the official ANS schemas copy
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        XDocument doc;
        using (var reader = new StreamReader(new MemoryStream(content), Encoding.Latin1))
            doc = XDocument.Load(reader);
        var hashed = string.Concat(doc.Root!.Elements().Where(e => e.Name.LocalName != "epilogo")
            .SelectMany(e => e.DescendantsAndSelf()).Where(e => !e.HasElements).Select(e => e.Value));
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.Latin1.GetBytes(hashed)));
        Assert.Equal(expected, doc.Root!.Element(Ans + "epilogo")!.Element(Ans + "hash")!.Value);
        return doc;
    }

    public static string V(XElement e, string name) => Assert.Single(e.Elements(Ans + name)).Value;
    public static XElement E(XElement e, string name) => Assert.Single(e.Elements(Ans + name));
    public static bool Has(XElement e, string name) => e.Elements(Ans + name).Any();
}
