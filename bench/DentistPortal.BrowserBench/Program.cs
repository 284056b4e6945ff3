using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DentistPortal.BrowserBench;

// Issue 13, goal 4 ("In the browser"). Usage (repository root):
//   dotnet run -c Release --project bench/DentistPortal.BrowserBench [-- --runs 30 --warmup 5 --trace --portal <DentistPortal.dll> --baseline <other DentistPortal.dll>]
// --baseline: a second portal build (e.g. an earlier commit's output) measured in the same run, run for run alternating
//             with the first, so both see the same machine load (docs/performance.md, "Issue 13: in the browser").
// --trace:    after the runs, one more run of each scenario with the portal's SQL printed (EF Core command log).
internal static class BrowserBenchMain
{
    public static async Task Main(string[] args)
    {
        var runs = IntOption("--runs", 30);
        var warmup = IntOption("--warmup", 5);
        var trace = args.Contains("--trace");
        var portalDlls = new List<(string Label, string Dll)> { ("this build", Option("--portal") ?? BenchPortal.DefaultPortalDll()) };
        if (Option("--baseline") is { } baselineDll) portalDlls.Insert(0, ("baseline", baselineDll));
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        Console.WriteLine($"# DentistPortal in the browser (issue 13, goal 4): {runs} runs per scenario after {warmup} warm-up runs");
        Console.WriteLine($"- {Environment.ProcessorCount} cores, load average {LoadAverage()} at start");
        var clock = Stopwatch.StartNew();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserScenarios.LaunchAsync(playwright);
        Console.WriteLine($"- Chromium {browser.Version}, headless, loopback");
        var subjects = new List<Subject>();
        try
        {
            foreach (var (label, dll) in portalDlls)
            {
                var portal = await BenchPortal.StartAsync(dll, traceSql: trace);
                var preparation = Preparation.For(portal);
                var page = await BrowserScenarios.NewPageAsync(browser, portal.BaseAddress);
                var subject = new Subject(label, portal, preparation, page, new BrowserScenarios(page, preparation));
                subjects.Add(subject);
                Console.WriteLine($"- {label}: {dll}, started on {portal.BaseAddress} (pid {portal.ProcessId}, demo data seeded), {clock.Elapsed.TotalSeconds:F0} s");
                await subject.Scenarios.LoginAsync();
                subject.TreatmentNumber = (await preparation.TreatmentWithActiveTokenAsync()).Number;
            }

            // Run i of every scenario on each portal in turn: a busy moment of the machine hits both alike.
            // 1. One treatment with an active token, opened again and again (a full navigation each time).
            for (var i = 0; i < warmup + runs; i++)
                foreach (var s in subjects)
                {
                    var load = await s.Scenarios.OpenTreatmentAsync(s.TreatmentNumber);
                    if (i >= warmup) s.Loads.Add(load);
                }
            Console.WriteLine($"- scenario 1 done, load average {LoadAverage()}");
            // 2. A fresh treatment and token per run.
            for (var i = 0; i < warmup + runs; i++)
                foreach (var s in subjects)
                {
                    try
                    {
                        var ms = await s.Scenarios.ValidateTokenAsync();
                        if (i >= warmup) s.Validations.Add(ms);
                    }
                    catch (TimeoutException ex)
                    {
                        // Reported with the figures, never dropped silently.
                        s.Failures.Add($"validate run {i}: {ex.Message}");
                        Console.WriteLine($"- {s.Label}: validate run {i} FAILED: {ex.Message}");
                    }
                }
            Console.WriteLine($"- scenario 2 done, load average {LoadAverage()}");
            // 3. The lookup on the dentist's home, one circuit for all runs.
            foreach (var s in subjects) await s.Scenarios.OpenLookupAsync();
            for (var i = 0; i < warmup + runs; i++)
                foreach (var s in subjects)
                {
                            try
                    {
                        var ms = await s.Scenarios.LookUpAsync();
                        if (i >= warmup) s.Lookups.Add(ms);
                    }
                    catch (TimeoutException ex)
                    {
                        s.Failures.Add($"lookup run {i}: {ex.Message}");
                        Console.WriteLine($"- {s.Label}: lookup run {i} FAILED: {ex.Message}");
                    }
                }
            Console.WriteLine($"- scenario 3 done, load average {LoadAverage()}, {clock.Elapsed.TotalSeconds:F0} s in all");

            foreach (var s in subjects) Report(s);

            if (trace)
                foreach (var s in subjects) await TraceAsync(s);
        }
        finally
        {
            foreach (var s in subjects)
            {
                await s.Page.Context.CloseAsync();
                await s.Preparation.DisposeAsync();
                await s.Portal.DisposeAsync();
            }
        }

        void Report(Subject s)
        {
            Console.WriteLine();
            Console.WriteLine($"## {s.Label}");
            Console.WriteLine("| interval (ms) | goal p95 | p50 | p95 | max | runs |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            Row("1. treatment page: navigation start → interactive", 400, [.. s.Loads.Select(l => l.Interactive)]);
            Row("2. \"Validar token\" click → \"Token validado\" shown", 100, s.Validations);
            Row("3. \"Buscar\" click → beneficiary card shown", 150, s.Lookups);
            Console.WriteLine($"Failed runs (not in the figures): {s.Failures.Count}");
            Console.WriteLine();
            Console.WriteLine("Treatment page load, milestones (ms since navigation start):");
            Console.WriteLine("| milestone | p50 | p95 | max |");
            Console.WriteLine("|---|---:|---:|---:|");
            Milestone("first byte of the prerendered HTML (responseStart)", [.. s.Loads.Select(l => l.ResponseStart)]);
            Milestone("prerendered HTML complete (responseEnd)", [.. s.Loads.Select(l => l.ResponseEnd)]);
            Milestone("prerendered form in the DOM", [.. s.Loads.Where(l => l.Prerendered is not null).Select(l => l.Prerendered!.Value)]);
            Milestone("DOMContentLoaded done (scripts run)", [.. s.Loads.Select(l => l.DomContentLoaded)]);
            Milestone("circuit's first render applied (data-interactive=yes)", [.. s.Loads.Select(l => l.CircuitRendered)]);
            Milestone("token form interactive", [.. s.Loads.Select(l => l.Interactive)]);
            var warnings = Regex.Matches(s.Portal.Output, @"^(warn|fail|crit): (.*)\n\s*(.*)$", RegexOptions.Multiline)
                .Where(m => !m.Groups[2].Value.Contains("Microsoft.EntityFrameworkCore.Database.Command", StringComparison.Ordinal))
                .Select(m => $"{m.Groups[1].Value}: {m.Groups[2].Value} {m.Groups[3].Value}").ToList();
            Console.WriteLine();
            Console.WriteLine($"Portal warnings/errors during the run: {warnings.Count}");
            foreach (var w in warnings.Take(5)) Console.WriteLine("  " + (w.Length > 240 ? w[..240] + "…" : w));
        }

        async Task TraceAsync(Subject s)
        {
            var (portal, preparation, page, scenarios) = (s.Portal, s.Preparation, s.Page, s.Scenarios);
            Console.WriteLine();
            Console.WriteLine($"## SQL the portal ran for one run of each scenario (--trace), {s.Label}");
            var (traced, _) = await preparation.TreatmentWithActiveTokenAsync();
            await PrintSql(portal, "1. treatment page load (prerender + circuit)", () => scenarios.OpenTreatmentAsync(traced));
            // Scenario 2's preparation and untimed page load come first; only the click's SQL is printed.
            var (validateNumber, validateCode) = await preparation.TreatmentWithActiveTokenAsync();
            await scenarios.OpenTreatmentAsync(validateNumber);
            await page.GetByLabel("Token informado pelo paciente").FillAsync(validateCode);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Validar token" })).ToBeEnabledAsync();
            var before = portal.OutputLength;
            await page.GetByRole(AriaRole.Button, new() { Name = "Validar token" }).ClickAsync();
            await page.Locator("[data-testid=treatment-validated]").WaitForAsync();
            await page.Locator("[data-testid=timeline-entry]", new() { HasText = "Token digitado" }).WaitForAsync();
            PrintCommands("2. \"Validar token\" click (until the page is quiet)", portal.OutputSince(before));
            await scenarios.OpenLookupAsync();
            await PrintSql(portal, "3. \"Buscar\" click (after the untimed mistyped-CPF reset, which runs none)", () => scenarios.LookUpAsync());
        }

        async Task PrintSql(BenchPortal portal, string title, Func<Task> action)
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
            foreach (var (ms, sql) in commands) Console.WriteLine($"- ({ms} ms) {(sql.Length > 160 ? sql[..160] + "…" : sql)}");
        }

        void Row(string name, double goal, List<double> values)
        {
            if (values.Count == 0) { Console.WriteLine($"| {name} | ≤ {goal:F0} | – | – | – | 0 |"); return; }
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

    }
}

/// <summary>One portal build under measurement: its process, preparation, signed-in tab and the figures collected.</summary>
sealed class Subject(string label, BenchPortal portal, Preparation preparation, IPage page, BrowserScenarios scenarios)
{
    public string Label { get; } = label;
    public BenchPortal Portal { get; } = portal;
    public Preparation Preparation { get; } = preparation;
    public IPage Page { get; } = page;
    public BrowserScenarios Scenarios { get; } = scenarios;
    public string TreatmentNumber { get; set; } = "";
    public List<BrowserScenarios.PageLoad> Loads { get; } = [];
    public List<double> Validations { get; } = [];
    public List<double> Lookups { get; } = [];
    public List<string> Failures { get; } = [];
}
