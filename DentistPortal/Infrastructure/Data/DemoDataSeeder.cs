using System.Reflection;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Procedures;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// Deterministic, idempotent demo data (README lists it): every run leaves the same clinics, people,
/// plans and catalogue, and running it twice changes nothing.
/// </summary>
public sealed class DemoDataSeeder(
    IDbContextFactory<AppDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    ILogger<DemoDataSeeder> logger)
{
    public const string DemoPassword = "Demo@2026!";

    public const string EssentialPlan = "Sorriso Pleno Essencial";
    public const string CompletePlan = "Sorriso Pleno Completo";

    /// <summary>Catalogue codes the Essencial plan does not cover (prosthetics and orthodontics).</summary>
    private static readonly string[] NotInEssential =
    [
        "85400157", "85400106", "85400220", "85400335", "85400386", "85400394", "85400408",
        "86000098", "86000357", "86000209", "86000462",
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await SeedRolesAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await SeedCatalogueAsync(db, ct);
        var plans = await SeedPlansAsync(db, ct);
        var clinics = await SeedClinicsAsync(db, ct);
        await SeedPeopleAsync(db, clinics, ct);
        await SeedBeneficiariesAsync(db, plans, ct);
        await SeedHistoryAsync(db, ct);
        logger.LogInformation("Demo data ready.");
    }

    /// <summary>A month of finished attendances for the fraud signal (<c>Database:SeedDemoHistory</c>, default true; tests turn it off).</summary>
    private async Task SeedHistoryAsync(AppDbContext db, CancellationToken ct)
    {
        using var scope = scopeFactory.CreateScope();
        if (!scope.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("Database:SeedDemoHistory", true)) return;
        await DemoHistorySeeder.SeedAsync(db, scope.ServiceProvider.GetRequiredService<Storage.IScanStorage>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
    }

    private async Task SeedRolesAsync()
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
    }

    internal static IReadOnlyList<Procedure> LoadCatalogue()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DentistPortal.Seed.tuss-catalogue.tsv")
            ?? throw new InvalidOperationException("TUSS catalogue resource missing.");
        using var reader = new StreamReader(stream);
        var list = new List<Procedure>();
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split('\t');
            list.Add(new Procedure
            {
                TussCode = f[0],
                Description = f[1],
                Site = f[2] == "yes" ? ProcedureSite.Tooth : f[4] switch
                {
                    "arch" => ProcedureSite.Arch,
                    "hemiarch" => ProcedureSite.HemiArch,
                    "sextant" => ProcedureSite.Sextant,
                    "mouth" => ProcedureSite.Mouth,
                    _ => ProcedureSite.None,
                },
                RequiresFaces = f[3] == "yes",
                FaceCount = int.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture),
                NeedsReview = f[6] == "true",
            });
        }
        return list;
    }

    private static async Task SeedCatalogueAsync(AppDbContext db, CancellationToken ct)
    {
        var existing = await db.Procedures.Select(p => p.TussCode).ToHashSetAsync(ct);
        db.Procedures.AddRange(LoadCatalogue().Where(p => !existing.Contains(p.TussCode)));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Dictionary<string, Plan>> SeedPlansAsync(AppDbContext db, CancellationToken ct)
    {
        var catalogue = await db.Procedures.AsNoTracking().ToListAsync(ct);
        async Task<Plan> Ensure(string name, string ansCode, Func<Procedure, PlanCoverage?> cover)
        {
            var plan = await db.Plans.Include(p => p.Coverages).FirstOrDefaultAsync(p => p.Name == name, ct);
            if (plan is null)
            {
                plan = new Plan { Name = name, AnsProductCode = ansCode };
                db.Plans.Add(plan);
            }
            foreach (var p in catalogue)
                if (plan.CoverageFor(p.TussCode) is null && cover(p) is { } c)
                    plan.Coverages.Add(c);
            await db.SaveChangesAsync(ct);
            return plan;
        }

        var essential = await Ensure(EssentialPlan, "487.951/26-1", p =>
            NotInEssential.Contains(p.TussCode) ? null : Coverage(p));
        var complete = await Ensure(CompletePlan, "487.952/26-0", Coverage);
        return new() { [EssentialPlan] = essential, [CompletePlan] = complete };
    }

    /// <summary>ANS-style limits: urgency and consultations without waiting period, prevention twice a year.</summary>
    private static PlanCoverage Coverage(Procedure p)
    {
        var waiting = p.TussCode switch
        {
            "81000030" or "81000049" or "81000057" or "81000065" or "81000421" or "82001650" or "85300063" => 0,
            _ when p.TussCode.StartsWith("84", StringComparison.Ordinal) => 0,
            _ when p.TussCode.StartsWith("854", StringComparison.Ordinal) || p.TussCode.StartsWith("86", StringComparison.Ordinal) => 180,
            _ => 90,
        };
        (int? max, int? months) = p.TussCode switch
        {
            "84000198" or "84000090" or "84000112" => ((int?)1, (int?)6),
            "81000065" or "81000405" or "81000294" => (1, 12),
            _ => (null, null),
        };
        return new PlanCoverage { TussCode = p.TussCode, WaitingPeriodDays = waiting, FrequencyMaxCount = max, FrequencyMonths = months, Price = DemoPrice(p.TussCode) };
    }

    /// <summary>
    /// The demo price table (R$ per procedure, both plans alike) so a fresh start can bill TISS guides (issue 11, valorProc).
    /// A procedure added to the catalogue later gets R$ 100,00 when the demo data covers it.
    /// </summary>
    internal static decimal DemoPrice(string tussCode) => tussCode switch
    {
        "81000030" => 60.00m, "81000065" => 70.00m, "81000049" => 80.00m, "81000057" => 110.00m,
        "81000421" or "81000375" => 25.00m, "81000383" => 35.00m, "81000405" => 70.00m, "81000294" => 120.00m,
        "84000198" => 80.00m, "84000090" => 40.00m, "84000112" => 45.00m, "84000074" => 50.00m, "84000031" => 35.00m,
        "85100099" => 100.00m, "85100102" => 130.00m, "85100110" => 160.00m, "85100129" => 190.00m,
        "85100196" => 120.00m, "85100200" => 150.00m, "85100218" => 180.00m, "85100226" => 210.00m,
        "85100137" => 90.00m, "85100145" => 110.00m, "85100153" => 130.00m, "85100161" => 150.00m,
        "83000135" => 70.00m, "85100048" => 120.00m, "85100013" => 60.00m,
        "85200166" => 350.00m, "85200140" => 450.00m, "85200158" => 600.00m,
        "85200115" => 420.00m, "85200093" => 520.00m, "85200107" => 700.00m,
        "83000151" => 220.00m, "83000127" => 120.00m, "85200034" => 150.00m, "85200042" => 110.00m,
        "85300047" => 70.00m, "85300039" => 110.00m, "85300063" => 90.00m, "82000921" => 180.00m,
        "82000875" => 110.00m, "83000089" => 80.00m, "82000859" => 120.00m, "82001715" => 90.00m, "82001707" => 100.00m,
        "82001286" => 380.00m, "82001650" => 70.00m, "82001251" => 300.00m,
        "85400157" => 1200.00m, "85400106" => 1500.00m, "85400084" => 150.00m, "85400076" => 180.00m, "85400220" => 300.00m,
        "85400335" => 1150.00m, "85400386" => 1400.00m, "85400394" => 450.00m, "85400408" => 1600.00m, "85400467" => 80.00m,
        "86000098" => 1800.00m, "86000357" => 150.00m, "86000209" => 250.00m, "86000462" => 350.00m,
        _ => 100.00m,
    };

    private static async Task<Dictionary<string, Clinic>> SeedClinicsAsync(AppDbContext db, CancellationToken ct)
    {
        Clinic[] wanted =
        [
            new() { Name = "Clínica Sorriso Paulista", Cnpj = "11222333000181", Cnes = "2071234", City = "São Paulo", Uf = "SP", Address = "Av. Paulista, 1000 – Bela Vista", CodeAtOperator = "SPL000101" },
            new() { Name = "Odonto Campinas Centro", Cnpj = "45367890000102", Cnes = "2075678", City = "Campinas", Uf = "SP", Address = "Rua Barão de Jaguara, 500 – Centro", CodeAtOperator = "CPS000102" },
            new() { Name = "Clínica Dental Savassi", Cnpj = "78123456000136", Cnes = "2079012", City = "Belo Horizonte", Uf = "MG", Address = "Rua Pernambuco, 800 – Savassi", CodeAtOperator = "BHS000103" },
        ];
        foreach (var c in wanted)
            if (!await db.Clinics.AnyAsync(x => x.Cnpj == c.Cnpj, ct))
                db.Clinics.Add(c);
        await db.SaveChangesAsync(ct);
        return await db.Clinics.ToDictionaryAsync(c => c.Cnpj, ct);
    }

    private sealed record DemoUser(string Email, string Name, string Role, string[] ClinicCnpjs, string? Cpf = null, string? Cro = null, string? CroUf = null,
        string Cbos = Dentist.DefaultCbos);

    internal static readonly IReadOnlyList<(string Email, string Role)> DemoLogins =
    [
        ("dentista@demo.local", Roles.Dentist), ("dentista2@demo.local", Roles.Dentist),
        ("dentista3@demo.local", Roles.Dentist), ("dentista4@demo.local", Roles.Dentist),
        ("recepcao@demo.local", Roles.ClinicStaff), ("recepcao2@demo.local", Roles.ClinicStaff), ("recepcao3@demo.local", Roles.ClinicStaff),
        ("central@demo.local", Roles.CallCenterAgent), ("auditor@demo.local", Roles.Auditor),
        ("admin@demo.local", Roles.Admin), ("paciente@demo.local", Roles.Beneficiary),
    ];

    /// <summary>
    /// The demo operator accounts come enrolled in two-factor authentication (issue 10, Accounts): fixed TOTP secrets
    /// (base32, listed in the README beside the demo password so anyone can add them to an authenticator app) and a
    /// few fixed recovery codes. Demo only: real accounts enrol with a random key on their first login.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (string Secret, string[] RecoveryCodes)> DemoAuthenticators =
        new Dictionary<string, (string, string[])>
        {
            ["central@demo.local"] = ("4BAWDPOCZBFFLGQQHYKNMZAX63IKT5G3", ["78CBG-2TXJH", "X3B4N-NYN3Y", "7MCHM-HB83P"]),
            ["auditor@demo.local"] = ("HKGBQFAIFCCYJZK4TPE3GXCUSHRCDRSM", ["6KKRQ-BFNDC", "N222G-FPJFC", "7YF6B-DNYPR"]),
            ["admin@demo.local"] = ("HV3VBMMLNJZ3MOQCKDP22PTUCYHEO2N5", ["DF7FP-3HJ2V", "8MFDJ-K3VRD", "RJX6Y-H6YR7"]),
        };

    /// <summary>Enrols a demo operator once (a key already there, e.g. re-enrolled by hand, is left alone).</summary>
    private static async Task EnrolDemoAuthenticatorAsync(IServiceProvider services, UserManager<ApplicationUser> userManager, ApplicationUser user)
    {
        if (!DemoAuthenticators.TryGetValue(user.Email!, out var demo)) return;
        if (!string.IsNullOrEmpty(await userManager.GetAuthenticatorKeyAsync(user))) return;
        var store = services.GetRequiredService<IUserStore<ApplicationUser>>();
        await ((IUserAuthenticatorKeyStore<ApplicationUser>)store).SetAuthenticatorKeyAsync(user, demo.Secret, CancellationToken.None);
        await ((IUserTwoFactorRecoveryCodeStore<ApplicationUser>)store).ReplaceCodesAsync(user, demo.RecoveryCodes, CancellationToken.None);
        await ((IUserTwoFactorStore<ApplicationUser>)store).SetTwoFactorEnabledAsync(user, true, CancellationToken.None);
        Check(await userManager.UpdateAsync(user));
    }

    private async Task SeedPeopleAsync(AppDbContext db, Dictionary<string, Clinic> clinics, CancellationToken ct)
    {
        const string sp = "11222333000181", cps = "45367890000102", bh = "78123456000136";
        DemoUser[] users =
        [
            new("dentista@demo.local", "Dra. Ana Beatriz Ferreira", Roles.Dentist, [sp], "12345678909", "98765", "SP"),
            new("dentista2@demo.local", "Dr. Carlos Eduardo Lima", Roles.Dentist, [cps, bh], "98765432100", "54321", "SP"),
            new("dentista3@demo.local", "Dra. Juliana Mendes Prado", Roles.Dentist, [sp], "24681357928", "67890", "SP", "223212"), // endodontista
            new("dentista4@demo.local", "Dr. Rafael Souza Neves", Roles.Dentist, [bh], "13579246828", "23456", "MG"),
            new("recepcao@demo.local", "Fernanda Oliveira", Roles.ClinicStaff, [sp]),
            new("recepcao2@demo.local", "Patrícia Gomes", Roles.ClinicStaff, [cps]),
            new("recepcao3@demo.local", "Lucas Pereira", Roles.ClinicStaff, [bh]),
            new("central@demo.local", "Renata Alves", Roles.CallCenterAgent, []),
            new("auditor@demo.local", "Dr. Marcelo Rocha (auditor)", Roles.Auditor, []),
            new("admin@demo.local", "Sérgio Tavares", Roles.Admin, []),
            new("paciente@demo.local", "Maria Aparecida da Silva", Roles.Beneficiary, []),
        ];

        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var u in users)
        {
            var user = await userManager.FindByEmailAsync(u.Email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = u.Email, Email = u.Email, EmailConfirmed = true, FullName = u.Name, LockoutEnabled = true };
                Check(await userManager.CreateAsync(user, DemoPassword));
                Check(await userManager.AddToRoleAsync(user, u.Role));
            }
            await EnrolDemoAuthenticatorAsync(scope.ServiceProvider, userManager, user);
            if (u.Cro is not null && !await db.Dentists.AnyAsync(d => d.UserId == user.Id, ct))
                db.Dentists.Add(new Dentist { UserId = user.Id, FullName = u.Name, Cpf = u.Cpf!, CroNumber = u.Cro, CroUf = u.CroUf!, Cbos = u.Cbos });
            foreach (var cnpj in u.ClinicCnpjs)
            {
                var clinicId = clinics[cnpj].Id;
                if (!await db.ClinicMembers.AnyAsync(m => m.UserId == user.Id && m.ClinicId == clinicId, ct))
                    db.ClinicMembers.Add(new ClinicMember
                    {
                        UserId = user.Id,
                        ClinicId = clinicId,
                        Kind = u.Role == Roles.Dentist ? ClinicMemberKind.Dentist : ClinicMemberKind.Staff,
                    });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedBeneficiariesAsync(AppDbContext db, Dictionary<string, Plan> plans, CancellationToken ct)
    {
        var essential = plans[EssentialPlan].Id;
        var complete = plans[CompletePlan].Id;
        var patientUserId = await db.Users.Where(u => u.Email == "paciente@demo.local").Select(u => u.Id).SingleAsync(ct);

        async Task<Beneficiary> Ensure(Beneficiary b)
        {
            var existing = await db.Beneficiaries.FirstOrDefaultAsync(x => x.CardNumber == b.CardNumber, ct);
            if (existing is not null) return existing;
            db.Beneficiaries.Add(b);
            await db.SaveChangesAsync(ct);
            return b;
        }

        var maria = await Ensure(new Beneficiary
        {
            CardNumber = "9876540000010014", Cpf = "52998224725", FullName = "Maria Aparecida da Silva",
            BirthDate = new DateOnly(1985, 3, 12), Relationship = Relationship.Holder, PlanId = essential,
            EnrolledOn = new DateOnly(2024, 1, 10), MobilePhone = "+5511987654321", Email = "maria.silva@exemplo.com.br",
            UserId = patientUserId,
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000010022", Cpf = "31415926590", FullName = "João Carlos da Silva",
            BirthDate = new DateOnly(1983, 8, 30), Relationship = Relationship.Spouse, HolderId = maria.Id, PlanId = essential,
            EnrolledOn = new DateOnly(2024, 1, 10), MobilePhone = "+5511976543210",
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000010030", Cpf = "27182818205", FullName = "Pedro Henrique da Silva",
            BirthDate = new DateOnly(2016, 7, 20), Relationship = Relationship.Child, HolderId = maria.Id, PlanId = essential,
            EnrolledOn = new DateOnly(2024, 1, 10),
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000020013", Cpf = "11144477735", FullName = "Roberto Nunes Costa",
            BirthDate = new DateOnly(1970, 11, 2), Relationship = Relationship.Holder, PlanId = essential,
            EnrolledOn = new DateOnly(2023, 5, 15), Email = "roberto.costa@exemplo.com.br",
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000030012", Cpf = "39053344705", FullName = "Antônia Ribeiro Santos",
            BirthDate = new DateOnly(1958, 2, 14), Relationship = Relationship.Holder, PlanId = essential,
            EnrolledOn = new DateOnly(2022, 9, 1),
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000040011", Cpf = "71460238001", FullName = "Cláudio Moreira Lopes",
            BirthDate = new DateOnly(1979, 6, 5), Relationship = Relationship.Holder, PlanId = essential,
            EnrolledOn = new DateOnly(2021, 3, 20), Status = BeneficiaryStatus.Inactive, MobilePhone = "+5531998877665",
        });
        var beatriz = await Ensure(new Beneficiary
        {
            CardNumber = "9876540000050010", Cpf = "16180339805", FullName = "Beatriz Campos Araújo",
            BirthDate = new DateOnly(1990, 10, 9), Relationship = Relationship.Holder, PlanId = complete,
            EnrolledOn = new DateOnly(2025, 2, 1), MobilePhone = "+5519991234567", Email = "bia.araujo@exemplo.com",
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000050028", Cpf = "14142135651", FullName = "Lucas Campos Araújo",
            BirthDate = new DateOnly(2012, 4, 18), Relationship = Relationship.Child, HolderId = beatriz.Id, PlanId = complete,
            EnrolledOn = new DateOnly(2025, 2, 1), MobilePhone = "+5519992345678",
        });
        await Ensure(new Beneficiary
        {
            CardNumber = "9876540000060019", Cpf = "17320508052", FullName = "Gustavo Pires Teixeira",
            BirthDate = new DateOnly(1995, 12, 1), Relationship = Relationship.Holder, PlanId = complete,
            EnrolledOn = new DateOnly(2026, 11, 1), MobilePhone = "+5531987651234", Email = "gustavo.pires@exemplo.com.br",
        });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Demo data: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
