using DentistPortal.CircuitBench;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Performance;

/// <summary>
/// Issue 13 (circuit benchmark): the bench's headless client — sign-in over HTTP, prerendered markers, a blazorpack
/// circuit on <c>/_blazor</c> started as blazor.web.js starts it — works against the real portal running as a process
/// with the bench's heap probe loaded. Behaviour only: no timing or size is asserted.
/// </summary>
public sealed class CircuitBenchClientAgainstThePortal
{
    [Fact]
    public async Task Headless_circuit_on_the_dentist_home_renders_its_heading_and_the_heap_probe_answers()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"circuitbench-{Guid.NewGuid():N}.sock");
        await using var portal = new PortalProcess(HeapProbe.EnvironmentFor(socket).ToDictionary(p => p.Key, p => (string?)p.Value));
        await portal.StartAsync();
        using var session = new BlazorSession(new Uri(portal.BaseAddress + "/"), behindTlsProxy: false);
        await session.SignInAsync("dentista@demo.local", LoginHelper.DemoPassword);

        await using var circuit = await BlazorCircuit.OpenAsync(session, "/", keepBatches: true);

        Assert.False(string.IsNullOrEmpty(circuit.CircuitId), "StartCircuit returned no circuit id.");
        Assert.True(circuit.RenderBatches > 0, "No render batch arrived.");
        await circuit.WaitForRenderedTextAsync("Início", TimeSpan.FromSeconds(60));
        Assert.True(circuit.IsConnected, circuit.Error ?? "The circuit's connection closed.");
        Assert.Null(circuit.Error);

        var heap = await HeapProbe.LiveHeapBytesAsync(socket);
        Assert.True(heap > 0, $"The heap probe answered {heap}.");
    }
}
