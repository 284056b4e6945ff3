using Bunit;
using DentistPortal.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

public static class ComponentContext
{
    /// <summary>
    /// A bUnit context with MudBlazor and the portal's real services on the fixture's database, reading the fixture's
    /// clock and forced codes, so the handlers the components call see the same time and codes as the test.
    /// </summary>
    public static BunitContext Create(TestDatabase database)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        ctx.Services.AddSingleton<ITokenCodeGenerator>(database.Codes);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
