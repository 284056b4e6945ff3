using Microsoft.Extensions.Localization;
using MudBlazor;

namespace DentistPortal.Components;

/// <summary>
/// pt-BR texts for the accessible names MudBlazor writes itself (issue 14, "Language": the portal is pt-BR only). Without it
/// a screen reader heard "Toggle Administração" on the admin menu group and "Previous month" in the date pickers.
/// MudBlazor's documented way: a <see cref="MudLocalizer"/> registered in the container (its
/// <c>DefaultLocalizationInterceptor</c> asks it first when the UI culture is not English); keys not listed here keep
/// MudBlazor's own text. Arguments follow MudBlazor's resource (<c>{0}</c> is the group's title, the month or the year).
/// </summary>
public sealed class PortalMudLocalizer : MudLocalizer
{
    /// <summary>MudBlazor resource key → pt-BR text.</summary>
    public static readonly IReadOnlyDictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MudNavGroup_ToggleExpand"] = "Abrir ou fechar {0}",
        ["MudBaseDatePicker_Open"] = "Abrir o calendário",
        ["MudBaseDatePicker_PrevYear"] = "Ano anterior {0}",
        ["MudBaseDatePicker_NextYear"] = "Próximo ano {0}",
        ["MudBaseDatePicker_PrevMonth"] = "Mês anterior {0}",
        ["MudBaseDatePicker_NextMonth"] = "Próximo mês {0}",
        ["MudTimePicker_Open"] = "Abrir o relógio",
        ["MudAlert_Close"] = "Fechar aviso",
        ["MudChip_Close"] = "Remover",
        ["MudDialog_Close"] = "Fechar",
        ["MudSnackbar_Close"] = "Fechar mensagem",
        ["MudInput_Clear"] = "Limpar",
        ["MudInput_Increment"] = "Aumentar",
        ["MudInput_Decrement"] = "Diminuir",
        ["MudSelect_SelectAll"] = "Selecionar todos",
        ["MudFormComponent_Required"] = "Obrigatório",
        ["MudTable_Loading"] = "Carregando…",
        ["MudTablePager_FirstPage"] = "Primeira página",
        ["MudTablePager_PreviousPage"] = "Página anterior",
        ["MudTablePager_NextPage"] = "Próxima página",
        ["MudTablePager_LastPage"] = "Última página",
        ["MudPagination_FirstPage"] = "Primeira página",
        ["MudPagination_PreviousPage"] = "Página anterior",
        ["MudPagination_NextPage"] = "Próxima página",
        ["MudPagination_LastPage"] = "Última página",
        ["MudPagination_CurrentPage"] = "Página atual {0}",
        ["MudPagination_PageIndex"] = "Página {0}",
    };

    /// <summary>
    /// pt-BR for MudBlazor's date pickers, with the months written in full: the month view shows "jan." on a button MudBlazor
    /// names "janeiro", which axe reports (label-content-name-mismatch, WCAG 2.5.3). Full names make text and name the same.
    /// </summary>
    public static readonly System.Globalization.CultureInfo PickerCulture = MakePickerCulture();

    private static System.Globalization.CultureInfo MakePickerCulture()
    {
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.GetCultureInfo("pt-BR").Clone();
        culture.DateTimeFormat.AbbreviatedMonthNames = culture.DateTimeFormat.MonthNames;
        culture.DateTimeFormat.AbbreviatedMonthGenitiveNames = culture.DateTimeFormat.MonthGenitiveNames;
        return System.Globalization.CultureInfo.ReadOnly(culture);
    }

    /// <inheritdoc />
    public override LocalizedString this[string key] =>
        Texts.TryGetValue(key, out var text) ? new(key, text) : new(key, key, resourceNotFound: true);
}
