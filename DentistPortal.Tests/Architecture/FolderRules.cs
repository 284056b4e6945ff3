using DentistPortal.Infrastructure.Data;
using NetArchTest.Rules;

namespace DentistPortal.Tests.Architecture;

/// <summary>STYLE.md's folder rules, enforced.</summary>
public class FolderRules
{
    private static Types PortalTypes => Types.InAssembly(typeof(AppDbContext).Assembly);

    [Fact]
    public void TheDomainDependsOnNoOtherLayerNorOnEfCoreOrAspNet()
    {
        var result = PortalTypes.That().ResideInNamespace("DentistPortal.Domain")
            .ShouldNot().HaveDependencyOnAny(
                "DentistPortal.Features", "DentistPortal.Infrastructure", "DentistPortal.Components",
                "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions.DependencyInjection",
                "MudBlazor", "System.Net.Http", "System.IO")
            .GetResult();
        Assert.True(result.IsSuccessful, "Domain types with forbidden dependencies: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void ComponentsNeverTouchTheDbContext()
    {
        var result = PortalTypes.That().ResideInNamespace("DentistPortal.Components")
            .ShouldNot().HaveDependencyOnAny("DentistPortal.Infrastructure.Data", "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.True(result.IsSuccessful, "Components reaching the database directly: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void FeaturesDoNotDependOnComponents()
    {
        var result = PortalTypes.That().ResideInNamespace("DentistPortal.Features")
            .ShouldNot().HaveDependencyOn("DentistPortal.Components")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void InfrastructureDoesNotDependOnFeatures()
    {
        // Dependencies point inward (STYLE.md): options and types Infrastructure needs live in Infrastructure or Domain;
        // the composition root (DependencyInjection.cs, beside Program.cs) is the one place that knows every layer.
        var result = PortalTypes.That().ResideInNamespace("DentistPortal.Infrastructure")
            .ShouldNot().HaveDependencyOn("DentistPortal.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, "Infrastructure types using Features: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void InfrastructureDoesNotDependOnComponents()
    {
        var result = PortalTypes.That().ResideInNamespace("DentistPortal.Infrastructure")
            .ShouldNot().HaveDependencyOn("DentistPortal.Components")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void HandlersLiveUnderFeatures()
    {
        var result = PortalTypes.That().HaveNameEndingWith("Handler")
            .Should().ResideInNamespace("DentistPortal.Features")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>Names that read the machine's clock; every rule reads the injected <see cref="TimeProvider"/> instead.</summary>
    private static readonly string[] ClockReads = ["DateTime.Now", "DateTime.UtcNow", "DateTime.Today", "DateTimeOffset.Now", "DateTimeOffset.UtcNow"];

    [Fact]
    public void NoCodeReadsTheClockInline()
    {
        // NetArchTest cannot see calls, so the source is read: only the composition root may touch the system clock
        // (it registers TimeProvider.System); everything else asks the injected TimeProvider (tests: FakeTimeProvider).
        var project = Path.Combine(SolutionFolder(), "DentistPortal");
        var offenders = Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !IsUnder(f, project, "bin") && !IsUnder(f, project, "obj"))
            .Where(f => Path.GetRelativePath(project, f) != "Program.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(project, f), Line: i + 1, Text: line)))
            .Where(l => ClockReads.Any(c => l.Text.Contains(c, StringComparison.Ordinal)) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.True(offenders.Count == 0, "Clock read inline (use TimeProvider): " + string.Join(", ", offenders));
    }

    [Fact]
    public void FocusMovesOnlyThroughFocusAfterRender()
    {
        // Issue 14: a focus chosen in OnAfterRenderAsync from the newest state can name an element the browser has not
        // been sent yet (Blazor Server acknowledges earlier batches later); an unset ElementReference then closed the
        // circuit. Every component that moves the focus does it through FocusAfterRender, which waits for the render
        // that draws the target: it requests, marks the render in its markup, and moves after the render.
        var project = Path.Combine(SolutionFolder(), "DentistPortal");
        var offenders = Directory.EnumerateFiles(project, "*.razor", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, project, "bin") && !IsUnder(f, project, "obj"))
            .Select(f => (File: Path.GetRelativePath(project, f), Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains(".FocusAsync(", StringComparison.Ordinal) || f.Text.Contains("FocusAfterRender", StringComparison.Ordinal))
            .Where(f => !(f.Text.Contains("focus.Request(", StringComparison.Ordinal)
                          && f.Text.Contains("@{ focus.Drawn(); }", StringComparison.Ordinal)
                          && f.Text.Contains("focus.MoveAsync()", StringComparison.Ordinal)))
            .Select(f => f.File)
            .ToList();
        Assert.True(offenders.Count == 0, "Focus moved without FocusAfterRender (Request, @{ focus.Drawn(); }, MoveAsync): " + string.Join(", ", offenders));
    }

    [Fact]
    public void TheThemeIsWrittenOnlyByTheStaticDocumentShell()
    {
        // Issue 13 (memory per circuit): MudThemeProvider's <style> is about 24 KB of text; in an interactive layout every
        // live circuit kept it in its render tree. App.razor (static) writes it once into the document.
        var project = Path.Combine(SolutionFolder(), "DentistPortal");
        var holders = Directory.EnumerateFiles(project, "*.razor", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, project, "bin") && !IsUnder(f, project, "obj"))
            .Where(f => File.ReadAllText(f).Contains("<MudThemeProvider", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .ToList();
        Assert.Equal(["Components/App.razor"], holders);
    }

    [Fact]
    public void EveryMudBlazorFieldErrorIsNamedByItsField()
    {
        // Issue 14: MudBlazor 9 marks a field in error aria-invalid but links its message (aria-describedby) only when the
        // field is given an ErrorId; without it a screen reader says "inválido" and never why (the Central's identity check).
        var project = Path.Combine(SolutionFolder(), "DentistPortal");
        var offenders = Directory.EnumerateFiles(project, "*.razor", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, project, "bin") && !IsUnder(f, project, "obj"))
            .SelectMany(f => MudTags(File.ReadAllText(f)).Select(tag => (File: Path.GetRelativePath(project, f), Tag: tag)))
            .Where(t => t.Tag.Contains("ErrorText=", StringComparison.Ordinal) && !t.Tag.Contains("ErrorId=", StringComparison.Ordinal))
            .Select(t => $"{t.File}: {t.Tag[..Math.Min(60, t.Tag.Length)]}…")
            .ToList();
        Assert.True(offenders.Count == 0, "MudBlazor field with ErrorText and no ErrorId:\n" + string.Join("\n", offenders));
    }

    /// <summary>The opening tags of MudBlazor components in Razor source (a '>' inside a quoted value does not end a tag).</summary>
    private static IEnumerable<string> MudTags(string razor)
    {
        for (var start = razor.IndexOf("<Mud", StringComparison.Ordinal); start >= 0; start = razor.IndexOf("<Mud", start + 1, StringComparison.Ordinal))
        {
            var quoted = false;
            var end = start;
            while (end < razor.Length && (quoted || razor[end] != '>'))
            {
                if (razor[end] == '"') quoted = !quoted;
                end++;
            }
            yield return razor[start..end];
        }
    }

    private static bool IsUnder(string file, string project, string folder) =>
        Path.GetRelativePath(project, file).StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string SolutionFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DentistPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("DentistPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
