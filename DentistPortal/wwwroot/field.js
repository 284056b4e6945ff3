// Issue 13: a text field whose text the browser owns while the user types (Components/Shared/ProcedureCombobox.razor,
// Components/Shared/TokenCodeInput.razor) gets the text the component chose (an option picked, the field cleared) through
// this call. The write is skipped when the field no longer holds what the server last knew (expected): the user has typed
// since, and newer typing wins over a write that was on its way (third outside tester: a label written after a pick ate
// the first digits of a code typed at once). Its input events bring the server up to date.
window.dpField = {
    set: (element, value, expected) => {
        if (!element) return;
        if (typeof expected === 'string' && element.value !== expected) return;
        element.value = value;
    },
    // The option the arrows highlight is scrolled into the list's view (it was highlighted off screen).
    reveal: (id) => {
        const option = document.getElementById(id);
        if (option) option.scrollIntoView({ block: 'nearest' });
    },
};
