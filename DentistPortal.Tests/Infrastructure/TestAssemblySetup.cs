using System.Runtime.CompilerServices;
using Bunit;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Settings for the whole test assembly, applied once when it loads.</summary>
internal static class TestAssemblySetup
{
    /// <summary>
    /// bUnit waits (<c>WaitForAssertion</c>, <c>WaitForElement</c>) give up after one second by default. On a loaded CI machine
    /// (the PostgreSQL pass, where every handler call is truly asynchronous) a render can take longer, and the wait failed
    /// before the component had answered. A wait still returns as soon as its condition holds, so a longer limit only
    /// changes how long a real failure takes to be reported. More pool threads up front keep blocking waits from starving
    /// the renderers' dispatchers. Playwright's <c>Expect</c> assertions likewise wait 5 s by default; a fresh-clone run at load
    /// 60–80 saw a signed-guide upload's answer arrive later than that, so they wait up to 20 s (still returning at once
    /// when the page already shows what is expected).
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
    }
}
