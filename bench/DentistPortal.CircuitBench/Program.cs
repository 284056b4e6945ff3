// Issue 13, circuit memory: managed heap per live interactive server circuit, page by page, next to the .NET template's
// Counter and the same Counter in a plain MudBlazor layout, all measured in the same run (docs/performance.md).
//
//   dotnet run -c Release --project bench/DentistPortal.CircuitBench [-- --circuits N] [--pages a,b,…] [--smoke]
//       [--hold N] [--parallel N] [--trace-js] [--before-dll PATH] [--gcdump DIR]
//
// For each page: a fresh server process (Release build, Production settings, SQLite demo data in a temp folder, loopback
// port), one signed-in user, a few warm-up circuits opened and disposed, heap H0 after a full GC (heap probe), N circuits
// opened (each waits for its first render batch; then the run waits until no circuit hears from the server for 2 s),
// heap H1, KB per circuit = (H1 − H0) / N. Then the circuits are disposed (stop + POST /_blazor/disconnect) and heap H2
// shows what they left behind. --hold N: N dentist-home circuits held on one portal, first render p50/p99 and the heap.
// --smoke: 3 circuits a page (the figures mean nothing; it proves the bench runs end to end).
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DentistPortal.CircuitBench;
using DentistPortal.Tests.Infrastructure;

var inv = CultureInfo.InvariantCulture;
var smoke = args.Contains("--smoke");
var circuits = IntArg("--circuits") ?? (smoke ? 3 : 200);
var hold = IntArg("--hold");
var parallel = IntArg("--parallel") ?? 4;
var traceJs = args.Contains("--trace-js");
var warmUp = smoke ? 1 : 5;

var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/{Configuration}/net10.0/
var portalDll = ChildProcesses.BuildOutput("DentistPortal", "DentistPortal.dll");
// --before-dll PATH: every portal page is measured first with that build of the portal (e.g. a copy of main's Release
// output), then with this one, in the same run. --gcdump DIR: a dotnet-gcdump of each server with its N circuits open.
var beforeDll = StringArg("--before-dll");
var gcdumpDir = StringArg("--gcdump");
var baselineDll = ChildProcesses.BuildOutput(Path.Combine("bench", "BaselineApp"), "BaselineApp.dll");

var all = new List<PageSpec>
{
    new("template", "Template Counter (baseline app)", Server.Baseline, null, _ => "/counter"),
    new("mud", "MudBlazor layout + Counter (baseline app)", Server.Baseline, null, _ => "/mud/counter"),
    new("home", "Dentist home", Server.Portal, PortalData.DentistEmail, _ => "/"),
    new("lookup", "Beneficiary lookup", Server.Portal, PortalData.DentistEmail, _ => "/beneficiarios"),
    new("new-treatment", "New treatment", Server.Portal, PortalData.DentistEmail, d => $"/beneficiarios/{d!.BeneficiaryReference}/novo-tratamento"),
    new("late-tokens", "Late tokens (clinic staff)", Server.Portal, PortalData.StaffEmail, _ => "/tokens-tardios"),
    new("client-portal", "Portal do Cliente (patient)", Server.Portal, PortalData.PatientEmail, _ => "/portal"),
    new("treatment", "Treatment page, active token", Server.Portal, PortalData.DentistEmail, d => $"/tratamentos/{d!.TreatmentNumber}"),
};
var pageKeys = StringArg("--pages")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var pages = pageKeys is null ? all : [.. all.Where(p => pageKeys.Contains(p.Key))];
if (pageKeys is not null && pages.Count != pageKeys.Length) throw new ArgumentException($"--pages: known pages are {string.Join(", ", all.Select(p => p.Key))}.");
if (beforeDll is not null)
    pages = [.. pages.SelectMany(p => p.Server == Server.Portal
        ? new[] { p with { Key = "before-" + p.Key, Label = p.Label + " (before build)", Dll = beforeDll }, p }
        : [p])];

var work = Path.Combine(Path.GetTempPath(), "dentistportal-circuitbench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var total = Stopwatch.StartNew();
Console.WriteLine("# DentistPortal circuit memory benchmark (issue 13)");
Console.WriteLine();
Console.WriteLine($"- command line: {string.Join(' ', args)}");
Console.WriteLine($"- runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical CPUs");
Console.WriteLine($"- load average before the run: {LoadAverage()}");
Console.WriteLine($"- servers: {configuration} builds, ASPNETCORE_ENVIRONMENT=Production, a fresh process per page; portal on SQLite demo data (seeded with history) in {work}");
Console.WriteLine($"- per page: {circuits} circuits of one signed-in user ({warmUp} warm-up circuits opened and disposed first), opened {parallel} at a time{(smoke ? "; SMOKE run: figures meaningless" : "")}");
Console.WriteLine();

try
{
    PortalData? data = null;
    if (pages.Any(p => p.Server == Server.Portal) || hold is not null)
    {
        var prep = Stopwatch.StartNew();
        data = await PortalData.CreateAsync(Path.Combine(work, "portal"));
        Console.WriteLine($"- portal database seeded and prepared in {prep.Elapsed.TotalSeconds:F1} s (treatment {data.TreatmentNumber} with an active token)");
        Console.WriteLine();
    }

    var results = new List<PageResult>();
    if (pages.Count > 0)
    {
        Console.WriteLine("| page | path | circuits alive | batches / circuit | JS calls / circuit | heap before (MB) | heap with N (MB) | **KB / circuit** | × MudBlazor baseline | left after dispose (KB / circuit) | first render p50 (ms) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }
    foreach (var page in pages)
    {
        var result = await MeasureAsync(page, data);
        results.Add(result);
        var baseline = results.FirstOrDefault(r => r.Page.Key == "mud");
        var ratio = baseline is null || baseline.KbPerCircuit <= 0 ? "—" : (result.KbPerCircuit / baseline.KbPerCircuit).ToString("F2", inv) + "×";
        Console.WriteLine(string.Create(inv,
            $"| {page.Label} | `{Shorten(result.Path)}` | {result.Alive}/{circuits} | {result.BatchesPerCircuit:F1} | {result.JsCallsPerCircuit:F1} | {result.HeapBefore / 1048576.0:F1} | {result.HeapWith / 1048576.0:F1} | **{result.KbPerCircuit:F0}** | {ratio} | {result.LeftPerCircuit:F0} | {result.FirstRenderP50.TotalMilliseconds:F0} |"));
    }
    if (results.Count > 0)
    {
        Console.WriteLine();
        var mud = results.FirstOrDefault(r => r.Page.Key == "mud");
        if (mud is not null)
            Console.WriteLine(string.Create(inv, $"- goal (issue 13): every page ≤ 1.2 × MudBlazor baseline = {1.2 * mud.KbPerCircuit:F0} KB; dentist home ≤ 406 KB (half of 812)."));
        Console.WriteLine($"- load average after the pages: {LoadAverage()}");
    }

    if (hold is { } holdCount)
        await HoldAsync(holdCount, data!);

    if (traceJs)
    {
        Console.WriteLine();
        Console.WriteLine("JS functions the servers called (count over all circuits):");
        foreach (var (identifier, count) in BlazorCircuit.JsIdentifiers.OrderByDescending(p => p.Value))
            Console.WriteLine($"  {count,7} {identifier}");
    }
    Console.WriteLine();
    Console.WriteLine($"- total time {total.Elapsed.TotalMinutes:F1} min; load average at the end: {LoadAverage()}");
    return results.Any(r => r.Alive < circuits) ? 1 : 0;
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

async Task<ServerProcess> StartServerAsync(Server server, PortalData? data, string? dll = null)
{
    var probes = Path.Combine(work, "probes");
    return server == Server.Baseline
        ? await ServerProcess.StartAsync(baselineDll, "Production", new Dictionary<string, string?>(), "/counter", probes)
        : await ServerProcess.StartAsync(dll ?? portalDll, "Production", data!.ProductionSettings(), "/Account/Login", probes);
}

async Task<BlazorSession> SessionAsync(ServerProcess server, PageSpec page)
{
    var session = new BlazorSession(server.BaseAddress, behindTlsProxy: page.Server == Server.Portal);
    if (page.Login is not null) await session.SignInAsync(page.Login, PortalData.Password);
    return session;
}

async Task<PageResult> MeasureAsync(PageSpec page, PortalData? data)
{
    var path = page.Path(data);
    await using var server = await StartServerAsync(page.Server, data, page.Dll);
    using var session = await SessionAsync(server, page);
    try
    {
        // Warm-up: JIT, caches and pools the first circuits fill belong to the process, not to a circuit.
        var warm = await OpenManyAsync(session, path, warmUp);
        await BlazorCircuit.WaitForQuietAsync(warm, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        foreach (var c in warm) await c.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await server.HeapBytesAsync();

        var open = await OpenManyAsync(session, path, circuits);
        await BlazorCircuit.WaitForQuietAsync(open, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
        var with = await server.HeapBytesAsync();
        if (gcdumpDir is not null) await GcDumpAsync(server.ProcessId, Path.Combine(gcdumpDir, page.Key + ".gcdump"));
        var alive = open.Count(c => c.IsConnected && c.RenderBatches > 0);
        var errors = open.Where(c => c.Error is not null).Select(c => c.Error!).Distinct().Take(3).ToList();
        if (errors.Count > 0) Console.Error.WriteLine($"{page.Key}: {string.Join(" | ", errors)}");
        var firsts = open.Select(c => c.FirstRender).Order().ToList();
        var batches = open.Average(c => (double)c.RenderBatches);
        var js = open.Average(c => (double)c.JsCalls);

        foreach (var c in open) await c.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await server.HeapBytesAsync();
        return new PageResult(page, path, alive, batches, js, before, with, after, (with - before) / 1024.0 / circuits, (after - before) / 1024.0 / circuits, Percentile(firsts, 0.50));
    }
    catch (Exception ex)
    {
        throw new InvalidOperationException($"{page.Key} ({path}): {ex.Message}\n--- server output ---\n{server.Output}", ex);
    }
}

async Task<List<BlazorCircuit>> OpenManyAsync(BlazorSession session, string path, int count)
{
    var opened = new BlazorCircuit?[count];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        opened[i] = await BlazorCircuit.OpenAsync(session, path, keepBatches: false, ct: ct));
    return [.. opened.Select(c => c!)];
}

async Task HoldAsync(int count, PortalData data)
{
    var page = all.Single(p => p.Key == "home");
    var path = page.Path(data);
    Console.WriteLine();
    Console.WriteLine($"## Hold: {count} dentist-home circuits on one portal instance");
    Console.WriteLine();
    await using var server = await StartServerAsync(Server.Portal, data);
    using var session = await SessionAsync(server, page);
    var warm = await OpenManyAsync(session, path, warmUp);
    foreach (var c in warm) await c.DisposeAsync();
    var before = await server.HeapBytesAsync();
    var clock = Stopwatch.StartNew();
    var open = await OpenManyAsync(session, path, count);
    var opening = clock.Elapsed;
    await BlazorCircuit.WaitForQuietAsync(open, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(120));
    var with = await server.HeapBytesAsync();
    var alive = open.Count(c => c.IsConnected && c.RenderBatches > 0);
    var firsts = open.Select(c => c.FirstRender).Order().ToList();
    Console.WriteLine(string.Create(inv, $"- circuits alive at the end: {alive}/{count} (opened {parallel} at a time in {opening.TotalSeconds:F0} s)"));
    Console.WriteLine(string.Create(inv, $"- first render (StartCircuit sent → first render batch received): p50 {Percentile(firsts, 0.50).TotalMilliseconds:F0} ms, p99 {Percentile(firsts, 0.99).TotalMilliseconds:F0} ms, max {firsts[^1].TotalMilliseconds:F0} ms"));
    Console.WriteLine(string.Create(inv, $"- managed heap after a full GC: {before / 1048576.0:F1} MB before, {with / 1048576.0:F1} MB with {count} circuits ({(with - before) / 1024.0 / count:F0} KB / circuit); server resident set {server.ResidentBytes() / 1048576.0:F0} MB"));
    Console.WriteLine($"- load average: {LoadAverage()}");
    foreach (var c in open) await c.DisposeAsync();
}

static async Task GcDumpAsync(int pid, string file)
{
    // dotnet-gcdump is a local tool of the repository (dotnet tool restore); its own induced GC, then the object graph.
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    var start = new ProcessStartInfo("dotnet", ["dotnet-gcdump", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", Path.GetFullPath(file)])
    {
        WorkingDirectory = ChildProcesses.RepositoryRoot(),
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) Console.Error.WriteLine($"dotnet-gcdump failed for {file}: {output}");
}

static TimeSpan Percentile(List<TimeSpan> sorted, double p) =>
    sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Shorten(string path) => path.Length > 40 ? path[..24] + "…" + path[^8..] : path;

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "n/a";
    }
}

int? IntArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
}

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

enum Server { Baseline, Portal }

/// <summary>A measured page: which server, which login (none for the baseline app), its path once the data exists.</summary>
sealed record PageSpec(string Key, string Label, Server Server, string? Login, Func<PortalData?, string> Path, string? Dll = null);

sealed record PageResult(PageSpec Page, string Path, int Alive, double BatchesPerCircuit, double JsCallsPerCircuit, long HeapBefore, long HeapWith, long HeapAfter, double KbPerCircuit, double LeftPerCircuit, TimeSpan FirstRenderP50);
