// Issue 14 ("Language and time", WCAG 2.2.1) and issue 13 ("memory per circuit"): what the session warning
// (Components/Layout/SessionTimeoutWarning.razor) needs from the browser, as plain functions of the page, so the circuit
// keeps no JS object for them (no fetch response, no element reference).
window.dpSession = (() => {
    let before = null;
    return {
        // Renews the session cookie; answers the body of /Account/RenovarSessao ("renovada") or "" when it was not
        // renewed. The custom header is the endpoint's cross-site protection: a form on another site cannot send it,
        // and a script on another site would need a CORS preflight the portal never grants.
        renew: async () => {
            try {
                const response = await fetch('Account/RenovarSessao', {
                    method: 'POST', credentials: 'same-origin', headers: { 'X-DentistPortal-Session': 'renovar' },
                });
                return response.ok ? await response.text() : '';
            } catch {
                return '';
            }
        },
        // The warning takes the focus; the field the user was in gets it back after "Continuar conectado".
        rememberFocus: () => {
            const active = document.activeElement;
            before = active && active !== document.body ? active : null;
        },
        restoreFocus: () => {
            const element = before;
            before = null;
            if (element && element.isConnected) element.focus();
        },
    };
})();
