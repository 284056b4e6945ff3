using Bunit;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

public static class ComponentContext
{
    /// <summary>A bUnit context with MudBlazor and the portal's real services on the fixture's database.</summary>
    public static BunitContext Create(TestDatabase database)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
