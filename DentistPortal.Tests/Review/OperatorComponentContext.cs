using Bunit;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DentistPortal.Tests.Review;

public static class OperatorComponentContext
{
    /// <summary>
    /// A bUnit context with MudBlazor and the portal's real services on the fixture's database, reading the fixture's
    /// clock (waiting times, "closed at" dates) instead of the machine's.
    /// </summary>
    public static BunitContext Create(TestDatabase database)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton<TimeProvider>(database.Clock);
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }
}
