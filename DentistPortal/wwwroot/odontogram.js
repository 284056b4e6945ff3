// Issue 14 ("Keyboard only"): the odontogram (Components/Shared/Odontogram.razor) is one tab stop, and the arrows move
// between its teeth (WAI-ARIA APG "roving tabindex"):
//   ←/→ the previous/next tooth of the row, across the midline (upper 18…11 | 21…28, lower 48…41 | 31…38);
//   ↑/↓ the tooth in the same column of the other arch; Home/End the first/last tooth of the row.
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

    const next = (tooth, key) => {
        const rows = [...tooth.closest('.dp-arches').querySelectorAll('.dp-arch-row')].map(r => [...r.querySelectorAll('.dp-tooth')]);
        const r = rows.findIndex(row => row.includes(tooth));
        const row = rows[r];
        const c = row.indexOf(tooth);
        const other = rows[key === 'ArrowUp' ? r - 1 : r + 1];
        switch (key) {
            case 'ArrowLeft': return row[c - 1];
            case 'ArrowRight': return row[c + 1];
            case 'ArrowUp':
            case 'ArrowDown': return other ? other[Math.min(c, other.length - 1)] : undefined;
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
