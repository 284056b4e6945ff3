// Issue 14 ("Keyboard only"): the odontogram (Components/Shared/Odontogram.razor) is one tab stop, and the arrows move
// between its teeth (WAI-ARIA APG "roving tabindex"):
//   ←/→ the previous/next tooth of the arch, across the midline (upper 18…11 | 21…28, lower 48…41 | 31…38);
//   ↑/↓ the tooth drawn just above/below (the nearest in the next line): on a wide panel the same column of the other
//       arch (21 ↓ 31); on a narrow one, where each arch wraps into its two halves, the line the eye sees below (18 ↓ 21);
//   Home/End the first/last tooth of the arch.
// At an edge the key does nothing. Arrows only move the focus; Enter/Space (the button's click, a server event) marks.
//
// Why here and not in a Blazor @onkeydown: the focus moves at once, without a round trip per key (a dentist holding an
// arrow on a slow clinic link would see the focus lag and jump), and the page must not scroll under the arrows — Blazor's
// @onkeydown:preventDefault cannot depend on the key (it would also swallow Tab, Enter and Space). The listeners are on
// the document and act only on a key pressed on a tooth: arrows keep their default everywhere else.
//
// Who owns tabindex (so the server's render and this script never fight): the server renders tabindex 0 on its tab stop
// (marked with data-dp-stop) and -1 on the others. While the focus is inside the chart this script moves the 0 with the
// focus; when the focus leaves it, the chart gets the server's tabindex back, so the DOM again equals what the server
// rendered (Blazor updates only attributes its own render changed), and Tab comes back to the marked tooth.
(() => {
    const toothOf = target => target instanceof Element && target.matches('.dp-arches .dp-tooth') ? target : null;
    const teethOf = chart => chart.querySelectorAll('.dp-tooth');

    const rove = (chart, focused) => {
        for (const t of teethOf(chart)) t.tabIndex = t === focused ? 0 : -1;
    };

    // The tooth drawn nearest below (down) or above the given one: the closest line first, then the closest centre.
    const vertical = (tooth, down) => {
        const from = tooth.getBoundingClientRect();
        const x = from.left + from.width / 2, y = from.top + from.height / 2;
        let best, bestDy = Infinity, bestDx = Infinity;
        for (const t of teethOf(tooth.closest('.dp-arches'))) {
            const r = t.getBoundingClientRect();
            const dy = (r.top + r.height / 2 - y) * (down ? 1 : -1);
            if (dy < from.height / 2) continue; // the same line, or the other way
            const dx = Math.abs(r.left + r.width / 2 - x);
            if (dy < bestDy - 1 || (Math.abs(dy - bestDy) <= 1 && dx < bestDx)) {
                best = t; bestDy = dy; bestDx = dx;
            }
        }
        return best;
    };

    // The tooth a key goes to; undefined at an edge; null for a key that is not the chart's.
    const next = (tooth, key) => {
        const row = [...tooth.closest('.dp-arch-row').querySelectorAll('.dp-tooth')];
        const c = row.indexOf(tooth);
        switch (key) {
            case 'ArrowLeft': return row[c - 1];
            case 'ArrowRight': return row[c + 1];
            case 'ArrowUp': return vertical(tooth, false);
            case 'ArrowDown': return vertical(tooth, true);
            case 'Home': return row[0];
            case 'End': return row[row.length - 1];
            default: return null;
        }
    };

    document.addEventListener('keydown', e => {
        const tooth = toothOf(e.target);
        if (!tooth || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
        const target = next(tooth, e.key);
        if (target === null) return; // not one of the chart's keys
        e.preventDefault(); // no page scroll, also at an edge
        if (target) target.focus(); // focusin moves the tab stop
    });

    document.addEventListener('focusin', e => {
        const tooth = toothOf(e.target);
        if (tooth) rove(tooth.closest('.dp-arches'), tooth);
    });

    document.addEventListener('focusout', e => {
        const tooth = toothOf(e.target);
        if (!tooth) return;
        const chart = tooth.closest('.dp-arches');
        if (!chart || (e.relatedTarget instanceof Node && chart.contains(e.relatedTarget))) return;
        for (const t of teethOf(chart)) t.tabIndex = t.hasAttribute('data-dp-stop') ? 0 : -1;
    });
})();
