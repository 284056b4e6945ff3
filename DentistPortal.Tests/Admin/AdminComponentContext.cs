using DentistPortal.Tests.Components;
using System.Security.Claims;
using Bunit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Admin;

/// <summary>A bUnit context with MudBlazor, the portal's real services on the fixture's database and clock, signed in as the demo admin.</summary>
public static class AdminComponentContext
{
    public static async Task<(BunitContext Context, Actor Admin)> CreateAsync(TestDatabase database)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        var admin = await DemoActors.ForAsync(database.Services, "admin@demo.local");
        ctx.SignIn(admin, "admin@demo.local");
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return (ctx, admin);
    }
}
