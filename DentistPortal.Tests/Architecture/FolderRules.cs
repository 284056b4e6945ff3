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
}
