using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DentistPortal.BrowserBench;
using Microsoft.Playwright;

// Issue 13, goal 4 ("In the browser"). Usage (repository root):
//   dotnet run -c Release --project bench/DentistPortal.BrowserBench [-- --runs 30 --warmup 5 --trace --portal <DentistPortal.dll>]
// --trace: after the runs, one more run of each scenario with the portal's SQL printed (EF Core command log).
var runs = IntOption("--runs", 30);
var warmup = IntOption("--warmup", 5);
var trace = args.Contains("--trace");
var portalDll = Option("--portal") ?? BenchPortal.DefaultPortalDll();
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"# DentistPortal in the browser (issue 13, goal 4): {runs} runs per scenario after {warmup} warm-up runs");
Console.WriteLine($"- portal {portalDll}");
Console.WriteLine($"- {Environment.ProcessorCount} cores, load average {LoadAverage()} at start");
var clock = Stopwatch.StartNew();
await using var portal = await BenchPortal.StartAsync(portalDll, traceSql: trace);
Console.WriteLine($"- portal started on {portal.BaseAddress} (pid {portal.ProcessId}, demo data seeded) in {clock.Elapsed.TotalSeconds:F1} s");
await using var preparation = Preparation.For(portal);
using var playwright = await Playwright.CreateAsync();
await using var browser = await BrowserScenarios.LaunchAsync(playwright);
Console.WriteLine($"- Chromium {browser.Version}, headless, loopback");
var page = await BrowserScenarios.NewPageAsync(browser, portal.BaseAddress);
var scenarios = new BrowserScenarios(page, preparation);
await scenarios.LoginAsync();

// 1. One treatment with an active token, opened again and again (a full navigation each time).
var (number, _) = await preparation.TreatmentWithActiveTokenAsync();
var loads = new List<BrowserScenarios.PageLoad>();
for (var i = 0; i < warmup + runs; i++)
{
    var load = await scenarios.OpenTreatmentAsync(number);
    if (i >= warmup) loads.Add(load);
}
Console.WriteLine($"- scenario 1 done, load average {LoadAverage()}");

// 2. A fresh treatment and token per run.
var validations = new List<double>();
for (var i = 0; i < warmup + runs; i++)
{
    var ms = await scenarios.ValidateTokenAsync();
    if (i >= warmup) validations.Add(ms);
}
Console.WriteLine($"- scenario 2 done, load average {LoadAverage()}");

// 3. The lookup on the dentist's home, one circuit for all runs.
await scenarios.OpenLookupAsync();
var lookups = new List<double>();
for (var i = 0; i < warmup + runs; i++)
{
    var ms = await scenarios.LookUpAsync();
    if (i >= warmup) lookups.Add(ms);
}
Console.WriteLine($"- scenario 3 done, load average {LoadAverage()}, {clock.Elapsed.TotalSeconds:F0} s in all");
Console.WriteLine();

Console.WriteLine("| interval (ms) | goal p95 | p50 | p95 | max | runs |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
Row("1. treatment page: navigation start → interactive", 400, loads.Select(l => l.Interactive).ToList());
Row("2. \"Validar token\" click → \"Token validado\" shown", 100, validations);
Row("3. \"Buscar\" click → beneficiary card shown", 150, lookups);
Console.WriteLine();
Console.WriteLine("Treatment page load, milestones (ms since navigation start):");
Console.WriteLine("| milestone | p50 | p95 | max |");
Console.WriteLine("|---|---:|---:|---:|");
Milestone("first byte of the prerendered HTML (responseStart)", loads.Select(l => l.ResponseStart).ToList());
Milestone("prerendered HTML complete (responseEnd)", loads.Select(l => l.ResponseEnd).ToList());
Milestone("prerendered form in the DOM", loads.Where(l => l.Prerendered is not null).Select(l => l.Prerendered!.Value).ToList());
Milestone("DOMContentLoaded done (scripts run)", loads.Select(l => l.DomContentLoaded).ToList());
Milestone("circuit's first render applied (data-interactive=yes)", loads.Select(l => l.CircuitRendered).ToList());
Milestone("token form interactive", loads.Select(l => l.Interactive).ToList());

var warnings = Regex.Matches(portal.Output, @"^(warn|fail|crit): .*$", RegexOptions.Multiline).Select(m => m.Value).Where(l => !l.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal)).ToList();
Console.WriteLine();
Console.WriteLine($"Portal warnings/errors during the run: {warnings.Count}");
foreach (var w in warnings.Take(5)) Console.WriteLine("  " + w);

if (trace)
{
    Console.WriteLine();
    Console.WriteLine("## SQL the portal ran for one run of each scenario (--trace)");
    var (traced, _) = await preparation.TreatmentWithActiveTokenAsync();
    await PrintSql("1. treatment page load (prerender + circuit)", () => scenarios.OpenTreatmentAsync(traced));
    // Scenario 2's own preparation and untimed page load run before its click; only the click's SQL is printed.
    var before = 0;
    var (validateNumber, validateCode) = await preparation.TreatmentWithActiveTokenAsync();
    await scenarios.OpenTreatmentAsync(validateNumber);
    await page.GetByLabel("Token informado pelo paciente").FillAsync(validateCode);
    await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Validar token" })).ToBeEnabledAsync();
    before = portal.OutputLength;
    await page.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
    await page.Locator("[data-testid=treatment-validated]").WaitForAsync();
    PrintCommands("2. \"Validar token\" click", portal.OutputSince(before));
    await scenarios.OpenLookupAsync();
    await PrintSql("3. \"Buscar\" click (with the untimed mistyped-CPF reset before it)", () => scenarios.LookUpAsync());
}

async Task PrintSql(string title, Func<Task> action)
{
    var start = portal.OutputLength;
    await action();
    PrintCommands(title, portal.OutputSince(start));
}

void PrintCommands(string title, string log)
{
    var commands = Regex.Matches(log, @"Executed DbCommand \((\d+)ms\)[^\n]*\n((?:\s+[^\n]*\n)+)")
        .Select(m => (Ms: m.Groups[1].Value, Sql: Regex.Replace(m.Groups[2].Value, @"\s+", " ").Trim())).ToList();
    Console.WriteLine($"### {title}: {commands.Count} SQL commands");
    foreach (var (ms, sql) in commands) Console.WriteLine($"- ({ms} ms) {(sql.Length > 200 ? sql[..200] + "…" : sql)}");
}

void Row(string name, double goal, List<double> values)
{
    var p95 = Percentile(values, 95);
    Console.WriteLine($"| {name} | ≤ {goal:F0} | {Percentile(values, 50):F0} | {p95:F0} {(p95 <= goal ? "(met)" : "(missed)")} | {values.Max():F0} | {values.Count} |");
}

void Milestone(string name, List<double> values)
{
    if (values.Count == 0) { Console.WriteLine($"| {name} | – | – | – |"); return; }
    Console.WriteLine($"| {name} | {Percentile(values, 50):F0} | {Percentile(values, 95):F0} | {values.Max():F0} |");
}

// Nearest rank: the smallest value with at least p % of the runs at or below it.
static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
    return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
