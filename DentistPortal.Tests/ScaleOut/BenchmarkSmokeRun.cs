using System.Diagnostics;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.ScaleOut;

/// <summary>
/// Issue 12 (Benchmark, not a test): the benchmark is never asserted on timings, but it must keep building and running.
/// Its smallest mode (<c>--smoke</c>) on PostgreSQL with two portal instances, on this run's PostgreSQL server, must end
/// with exit code 0, every generate and validate correct, and every scenario reported.
/// </summary>
public class BenchmarkSmokeRun
{
    [Fact]
    public async Task TheBenchmarkRunsEndToEndOnPostgreSqlWithTwoInstances()
    {
        var dll = BenchDll();
        Assert.True(File.Exists(dll), $"The bench is not built: {dll}");
        var info = new ProcessStartInfo("dotnet", [dll, "--provider", "postgresql", "--instances", "2", "--smoke", "--connection", TestPostgres.AdminConnectionString])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = await output + await error;

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{text}");
        Assert.Contains("Correctness: 0 failures", text);
        Assert.Contains("portal instances: 2", text);
        foreach (var scenario in new[] { "| bare commit |", "| bare commit + write gate |", "| GenerateToken |", "| ValidateToken |" })
            Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith(scenario, StringComparison.Ordinal)));
        Assert.Contains("DentistPortal.Bench-1", text);
        Assert.Contains("DentistPortal.Bench-2", text);
    }

    /// <summary>The bench's build output beside the test project's (…/bin/{Configuration}/{framework}/).</summary>
    private static string BenchDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        return Path.Combine(repository, "bench", "DentistPortal.Bench", "bin", configuration, framework, "DentistPortal.Bench.dll");
    }
}
