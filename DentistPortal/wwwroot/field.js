// Issue 13: a text field whose text the browser owns while the user types (Components/Shared/ProcedureCombobox.razor)
// gets the text the component chose (an option picked, the field cleared) through this call.
window.dpField = {
    set: (element, value) => {
        if (element) element.value = value;
    },
};
