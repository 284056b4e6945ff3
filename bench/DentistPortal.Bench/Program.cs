// Throughput of the token handlers next to a bare SQLite commit loop, on one fresh SQLite file (docs/performance.md).
//
//   dotnet run -c Release --project bench/DentistPortal.Bench [-- --quick] [--ops1 N] [--opsN N] [--callers N]
//                                                              [--default-threadpool] [--keep] [--trace-sql] [--sync-normal] [--busy-timeout]
//
// --trace-sql prints the SQL statements and transaction events of one GenerateToken and one ValidateToken, then stops.
// --sync-normal and --busy-timeout are experiments, not the app's configuration: PRAGMA synchronous=NORMAL or
// PRAGMA busy_timeout=30000 on every connection (see BenchHost.ExperimentPragmas).
using DentistPortal.Domain.Tokens;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DentistPortal.Bench;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

var inv = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var ops1 = IntArg("--ops1") ?? (quick ? 150 : 400);
var opsN = IntArg("--opsN") ?? (quick ? 300 : 1000);
var high = IntArg("--callers") ?? 32;
var keep = args.Contains("--keep");
List<string> experimentPragmas = [];
if (args.Contains("--sync-normal")) experimentPragmas.Add("synchronous=NORMAL");
if (args.Contains("--busy-timeout")) experimentPragmas.Add("busy_timeout=30000");
var traceSql = args.Contains("--trace-sql");
var warm1 = quick ? 20 : 50;
var warmN = high * 3;

// Microsoft.Data.Sqlite is synchronous underneath (its async methods complete synchronously, and it waits for a
// busy database with Thread.Sleep), so every caller holds a pool thread for the whole operation. Without this the
// pool would start with one thread per core and grow slowly, and "32 callers" would mean far fewer in flight.
if (!args.Contains("--default-threadpool"))
{
    ThreadPool.GetMinThreads(out _, out var io);
    ThreadPool.SetMinThreads(high + 8, io);
}

var total = Stopwatch.StartNew();
Console.WriteLine("# DentistPortal token handler benchmark");
Console.WriteLine();
Console.WriteLine($"- runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs, server GC: {System.Runtime.GCSettings.IsServerGC}");
ThreadPool.GetMinThreads(out var minWorkers, out _);
Console.WriteLine($"- thread pool min worker threads: {minWorkers}");
Console.WriteLine($"- ops per scenario: {ops1} at 1 caller, {opsN} at {high} callers (warm-up {warm1} / {warmN} first)");

await using var host = await BenchHost.CreateAsync(experimentPragmas, traceSql);
foreach (var pragma in experimentPragmas)
    Console.WriteLine($"- EXPERIMENT: PRAGMA {pragma} on every connection (not the app's configuration)");
host.Keep = keep;
await using (var probe = await host.OpenConnectionAsync())
{
    Console.WriteLine($"- SQLite {probe.ServerVersion}, journal_mode={Scalar(probe, "PRAGMA journal_mode;")}, synchronous={Scalar(probe, "PRAGMA synchronous;")} (2 = FULL), busy_timeout={Scalar(probe, "PRAGMA busy_timeout;")} ms, file {host.FilePath}");
    await Exec(probe, "CREATE TABLE IF NOT EXISTS BenchScratch (Id INTEGER PRIMARY KEY AUTOINCREMENT, Worker INTEGER NOT NULL, Payload TEXT NOT NULL, AtUtcTicks INTEGER NOT NULL);");
}
Console.WriteLine($"- database created, migrated and seeded in {total.Elapsed.TotalSeconds:F1} s");

var dentist = await host.ActorAsync(BenchHost.DentistEmail, BenchHost.SaoPauloCnpj);
string[] who = ["52998224725", "11144477735", "16180339805", "17320508052", "9876540000010030"];
// Issue 9 §2: the dentist reaches a beneficiary only through the lookup; the bench does what the screen does.
var beneficiaries = new string[who.Length];
for (var b = 0; b < who.Length; b++)
{
    await using var lookupScope = host.Services.CreateAsyncScope();
    var found = await lookupScope.ServiceProvider.GetRequiredService<DentistPortal.Features.Beneficiaries.LookupBeneficiaryHandler>()
        .HandleAsync(new(who[b]), dentist);
    beneficiaries[b] = found.Value?.Found.Reference ?? throw new InvalidOperationException("Lookup failed: " + string.Join("; ", found.Errors));
}

if (traceSql)
{
    var genId = await SubmittedTreatmentAsync(beneficiaries[0]);
    var valId = await SubmittedTreatmentAsync(beneficiaries[0]);
    await GenerateWithCodeAsync(valId, "135790");
    host.Logs.TakeTrace();
    host.Logs.Recording = true;
    var generated = await new GenerateWorker(host.Services, dentist, new[] { genId }).RunAsync(0);
    PrintTrace($"GenerateToken (IsOk: {generated})", host.Logs.TakeTrace());
    var validated = await new ValidateWorker(host.Services, dentist, new[] { (valId, "135790") }).RunAsync(0);
    PrintTrace($"ValidateToken (Validated: {validated})", host.Logs.TakeTrace());
    host.Logs.Recording = false;
    return 0;
}

// ---- Preparation (not measured): one fresh submitted treatment per generate, one fresh token per validate ----
var prepClock = Stopwatch.StartNew();
var genCount = warm1 + warmN + ops1 + opsN;
var valCount = warm1 + warmN + ops1 + opsN;
var genTreatments = new int[genCount];
var valWork = new (int TreatmentId, string Code)[valCount];
for (var i = 0; i < genCount; i++)
    genTreatments[i] = await SubmittedTreatmentAsync(beneficiaries[i % beneficiaries.Length]);
Console.WriteLine($"- prepared {genCount} submitted treatments for generate in {prepClock.Elapsed.TotalSeconds:F1} s");
for (var i = 0; i < valCount; i++)
{
    var id = await SubmittedTreatmentAsync(beneficiaries[i % beneficiaries.Length]);
    var code = CodeFor(i);
    await GenerateWithCodeAsync(id, code);
    valWork[i] = (id, code);
}
Console.WriteLine($"- prepared {valCount} treatments with an active token of known code for validate; preparation took {prepClock.Elapsed.TotalSeconds:F1} s");

// ---- Scenarios ----
var genNext = 0;
var valNext = 0;
Task<Measurement> Bare(int callers, int ops, string name = "bare commit") => Runner.RunAsync(name, callers, ops, async w => new BareWorker(await host.OpenConnectionAsync(), w));
Task<Measurement> Generate(int callers, int ops, string name = "GenerateToken")
{
    var slice = new ArraySegment<int>(genTreatments, genNext, ops);
    genNext += ops;
    return Runner.RunAsync(name, callers, ops, _ => Task.FromResult<IBenchWorker>(new GenerateWorker(host.Services, dentist, slice)));
}
Task<Measurement> Validate(int callers, int ops, string name = "ValidateToken")
{
    var slice = new ArraySegment<(int, string)>(valWork, valNext, ops);
    valNext += ops;
    return Runner.RunAsync(name, callers, ops, _ => Task.FromResult<IBenchWorker>(new ValidateWorker(host.Services, dentist, slice)));
}

var warmClock = Stopwatch.StartNew();
List<Measurement> warmUp = [await Bare(1, warm1 * 4), await Generate(1, warm1), await Validate(1, warm1),
    await Bare(high, warmN * 4), await Generate(high, warmN), await Validate(high, warmN)];
Console.WriteLine($"- warm-up done in {warmClock.Elapsed.TotalSeconds:F1} s ({warmUp.Sum(m => m.Failures)} failures)");

var measureClock = Stopwatch.StartNew();
var results = new List<Measurement>();
foreach (var (callers, ops) in new[] { (1, ops1), (high, opsN) })
{
    results.Add(await Bare(callers, ops));
    results.Add(await Generate(callers, ops));
    results.Add(await Validate(callers, ops));
}
Console.WriteLine($"- measured scenarios took {measureClock.Elapsed.TotalSeconds:F1} s; whole run {total.Elapsed.TotalSeconds:F1} s");
Console.WriteLine();

// ---- Report ----
Console.WriteLine("| scenario | callers | ops | failures | ops/s | p50 ms | p99 ms | max ms | % of bare commit ops/s |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var m in results)
{
    var bare = results.Single(r => r.Scenario == "bare commit" && r.Callers == m.Callers);
    var ratio = ReferenceEquals(m, bare) ? "100 %" : $"{100 * m.OpsPerSecond / bare.OpsPerSecond:F1} %";
    Console.WriteLine(string.Create(inv, $"| {m.Scenario} | {m.Callers} | {m.Ops} | {m.Failures} | {m.OpsPerSecond:F0} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.MaxMs:F1} | {ratio} |"));
}
Console.WriteLine();
Console.WriteLine("| goal | callers | measured | met? |");
Console.WriteLine("|---|---:|---:|---|");
foreach (var (scenario, goal) in new[] { ("GenerateToken", 50.0), ("ValidateToken", 70.0) })
    foreach (var callers in new[] { 1, high })
    {
        var m = results.Single(r => r.Scenario == scenario && r.Callers == callers);
        var bare = results.Single(r => r.Scenario == "bare commit" && r.Callers == callers);
        var pct = 100 * m.OpsPerSecond / bare.OpsPerSecond;
        Console.WriteLine(string.Create(inv, $"| {scenario} ≥ {goal:F0} % of bare commit | {callers} | {pct:F1} % | {(pct >= goal ? "yes" : "**no**")} |"));
    }
Console.WriteLine();

var failures = results.Sum(r => r.Failures) + warmUp.Sum(r => r.Failures);
Console.WriteLine($"Correctness: {failures} failures (every generate must be IsOk, every validate Outcome Validated).");
foreach (var m in results.Concat(warmUp).Where(m => m.FirstFailure is not null))
    Console.WriteLine($"  first failure in {m.Scenario} x{m.Callers}: {m.FirstFailure}");
Console.WriteLine($"Warnings/errors logged by the portal: {host.Logs.Count}");
foreach (var line in host.Logs.First) Console.WriteLine($"  {line}");
if (keep) Console.WriteLine($"Database kept at {host.FilePath}");

await using (var stats = new SqliteConnection(host.ConnectionString))
{
    await stats.OpenAsync();
    var counts = string.Join(", ", new[] { "Treatments", "Tokens", "Deliveries", "TokenAttempts", "AuditEntries", "BenchScratch" }
        .Select(t => $"{t} {Scalar(stats, $"SELECT COUNT(*) FROM \"{t}\";")}"));
    Console.WriteLine($"Rows at the end: {counts}");
}

return failures == 0 ? 0 : 1;

// ---- helpers ----
int? IntArg(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], inv) : null;
}

static string CodeFor(int i) => ((int)((uint)(i + 1) * 2654435761u % 1_000_000u)).ToString("D6", CultureInfo.InvariantCulture);

static void PrintTrace(string title, List<string> events)
{
    Console.WriteLine();
    Console.WriteLine($"## {title}: {events.Count(e => e.StartsWith("Executed DbCommand", StringComparison.Ordinal))} commands");
    Console.WriteLine();
    foreach (var e in events)
    {
        var lines = e.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var head = lines[0].StartsWith("Executed DbCommand", StringComparison.Ordinal) ? lines[0][..(lines[0].IndexOf(')') + 1)] : lines[0];
        var sql = string.Join(" ", lines.Skip(1));
        Console.WriteLine($"- {head} {(sql.Length > 220 ? sql[..220] + "…" : sql)}");
    }
}

static string? Scalar(SqliteConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    return Convert.ToString(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
}

static async Task Exec(SqliteConnection c, string sql)
{
    await using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    await cmd.ExecuteNonQueryAsync();
}

async Task<int> SubmittedTreatmentAsync(string beneficiaryReference)
{
    await using var scope = host.Services.CreateAsyncScope();
    var created = await scope.ServiceProvider.GetRequiredService<CreateTreatmentHandler>()
        .HandleAsync(new(beneficiaryReference, [new("81000030", null, null, null)]), dentist);
    if (!created.IsOk) throw new InvalidOperationException("CreateTreatment failed: " + string.Join("; ", created.Errors));
    var submitted = await scope.ServiceProvider.GetRequiredService<SubmitForAuthorizationHandler>()
        .HandleAsync(new(created.Value!.Id), dentist);
    if (!submitted.IsOk) throw new InvalidOperationException("SubmitForAuthorization failed: " + string.Join("; ", submitted.Errors));
    return created.Value.Id;
}

async Task GenerateWithCodeAsync(int treatmentId, string code)
{
    await using var scope = host.Services.CreateAsyncScope();
    BenchCodeGenerator.ForceNext(code);
    var result = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(treatmentId), dentist);
    BenchCodeGenerator.ForceNext(null);
    if (!result.IsOk) throw new InvalidOperationException("GenerateToken (preparation) failed: " + string.Join("; ", result.Errors));
}

/// <summary>One INSERT of one small row per transaction, on the caller's own connection.</summary>
sealed class BareWorker : IBenchWorker
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand insert;
    private readonly SqliteParameter payload;
    private readonly SqliteParameter at;

    public BareWorker(SqliteConnection connection, int worker)
    {
        this.connection = connection;
        insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO BenchScratch (Worker, Payload, AtUtcTicks) VALUES ($worker, $payload, $at);";
        insert.Parameters.AddWithValue("$worker", worker);
        payload = insert.Parameters.Add("$payload", SqliteType.Text);
        at = insert.Parameters.Add("$at", SqliteType.Integer);
    }

    public async Task<bool> RunAsync(int index)
    {
        await using var tx = connection.BeginTransaction();
        insert.Transaction = tx;
        payload.Value = "row " + index.ToString(CultureInfo.InvariantCulture);
        at.Value = DateTime.UtcNow.Ticks;
        var rows = await insert.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return rows == 1;
    }

    public async ValueTask DisposeAsync()
    {
        await insert.DisposeAsync();
        await connection.DisposeAsync();
    }
}

/// <summary>GenerateTokenHandler.HandleAsync on a fresh submitted treatment, from a fresh scope.</summary>
sealed class GenerateWorker(IServiceProvider services, Actor actor, ArraySegment<int> treatments) : IBenchWorker
{
    public async Task<bool> RunAsync(int index)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<GenerateTokenHandler>().HandleAsync(new(treatments[index]), actor);
        return result.IsOk;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>ValidateTokenHandler.HandleAsync with the right code of a fresh token, from a fresh scope.</summary>
sealed class ValidateWorker(IServiceProvider services, Actor actor, ArraySegment<(int TreatmentId, string Code)> work) : IBenchWorker
{
    public async Task<bool> RunAsync(int index)
    {
        var (treatmentId, code) = work[index];
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ValidateTokenHandler>().HandleAsync(new(treatmentId, code), actor);
        return result.IsOk && result.Value!.Outcome == ValidationOutcome.Validated;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
