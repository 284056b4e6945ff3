using System.Security.Claims;
using Bunit;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace DentistPortal.Tests.Components;

public static class ComponentContext
{
    /// <summary>
    /// A bUnit context with MudBlazor and the portal's real services on the fixture's database, interactive (Server).
    /// With <paramref name="fixtureClockAndCodes"/> (the default) it reads the fixture's clock and forced codes, so the
    /// handlers the components call see the same time and codes as the test; without, the real clock (e.g. the support
    /// channels' "aberta agora"). <paramref name="services"/> adds or replaces services of the test after the portal's;
    /// <paramref name="signedIn"/> signs the context in (see <see cref="SignIn"/>; it must come before the renderer is set).
    /// </summary>
    public static BunitContext Create(TestDatabase database, bool fixtureClockAndCodes = true, Action<IServiceCollection>? services = null,
        Actor? signedIn = null, string? userName = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        if (fixtureClockAndCodes)
        {
            ctx.Services.AddSingleton<TimeProvider>(database.Clock);
            ctx.Services.AddSingleton<ITokenCodeGenerator>(database.Codes);
        }
        TestDatabase.AddPortal(ctx.Services, database.Configuration);
        services?.Invoke(ctx.Services);
        if (signedIn is not null) ctx.SignIn(signedIn, userName);
        ctx.SetRendererInfo(new RendererInfo("Server", true));
        return ctx;
    }

    /// <summary>
    /// Signs the context in as <paramref name="actor"/> with the claims the portal's cookie carries: user id, full name,
    /// and the clinic when the actor works at one. Call it before anything is rendered or resolved.
    /// </summary>
    public static BunitContext SignIn(this BunitContext ctx, Actor actor, string? userName = null)
    {
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(userName ?? actor.Name);
        auth.SetRoles([.. actor.Roles]);
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, actor.UserId), new(PortalClaims.FullName, actor.Name)];
        if (actor.ClinicId is { } clinic)
            claims.Add(new(PortalClaims.ClinicId, clinic.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        auth.SetClaims([.. claims]);
        return ctx;
    }

    /// <summary>As <see cref="Create"/> on the real clock, signed in as the demo user <paramref name="email"/> of the clinic with <paramref name="clinicCnpj"/>.</summary>
    public static async Task<BunitContext> SignedInAsync(TestDatabase database, string email, string clinicCnpj)
    {
        var actor = await DemoActors.ForAsync(database.Services, email, clinicCnpj);
        return Create(database, fixtureClockAndCodes: false, signedIn: actor, userName: email);
    }
}
