using DentistPortal.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace DentistPortal.Tests.Components;

/// <summary>
/// Issue 14: Blazor Server runs <c>OnAfterRenderAsync</c> when the browser acknowledges a render, which can be the
/// "Buscando…" render made before the answer existed. The lookup chose its focus target there from the newest state and
/// focused an element not drawn yet: "ElementReference has not been configured correctly" closed the dentist's circuit
/// (the browser test <c>KeyboardOnlyFlows</c> hit it on every run alone). <see cref="FocusAfterRender"/> moves the focus
/// only after a render that drew the request.
/// </summary>
public class FocusWaitsForTheRenderThatDrawsTheAnswer
{
    [Fact]
    public async Task AnAcknowledgementOfARenderMadeBeforeTheAnswerMovesNothing()
    {
        var focus = new FocusAfterRender();
        var moved = 0;
        focus.Drawn(); // the "Buscando…" render: nothing requested yet
        focus.Request(() => { moved++; return ValueTask.CompletedTask; }); // the answer arrives

        await focus.MoveAsync(); // the browser acknowledges the "Buscando…" render
        Assert.Equal(0, moved);

        focus.Drawn(); // the render that draws the answer
        await focus.MoveAsync();
        Assert.Equal(1, moved);

        await focus.MoveAsync(); // later renders (a countdown, a live update) leave the focus where the user put it
        Assert.Equal(1, moved);
    }

    [Fact]
    public async Task AnElementNeverDrawnIsNotFocusedAndNothingThrows()
    {
        var focus = new FocusAfterRender();
        focus.Request(() => default(ElementReference)); // what the old code focused: a reference Blazor never set
        focus.Drawn();

        await focus.MoveAsync(); // the old code threw InvalidOperationException here, which closed the circuit
    }

    [Fact]
    public async Task AnAnswerReplacedInTheBrowserKeepsTheFocusWhereItIs()
    {
        var focus = new FocusAfterRender();
        focus.Request(() => ValueTask.FromException(new JSException("Unable to focus an invalid element.")));
        focus.Drawn();
        await focus.MoveAsync();

        focus.Request(() => ValueTask.FromException(new JSDisconnectedException("gone")));
        focus.Drawn();
        await focus.MoveAsync();
    }

    [Fact]
    public async Task ARequestMadeAfterTheRenderWaitsForTheNextOne()
    {
        var focus = new FocusAfterRender();
        var targets = new List<string>();
        focus.Request(() => { targets.Add("first"); return ValueTask.CompletedTask; });
        focus.Drawn();
        focus.Request(() => { targets.Add("second"); return ValueTask.CompletedTask; }); // a newer answer, not drawn yet

        await focus.MoveAsync(); // the drawn request moves; the newer one stays for its own render
        focus.Drawn();
        await focus.MoveAsync();

        Assert.Equal(["first", "second"], targets);
    }
}
