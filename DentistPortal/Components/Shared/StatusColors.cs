using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using MudBlazor;

namespace DentistPortal.Components.Shared;

/// <summary>The one colour per status value (labels: <see cref="Features.Common.StatusLabels"/>).</summary>
public static class StatusColors
{
    public static Color Of(TokenStatus status) => status switch
    {
        TokenStatus.Active => Color.Info,
        TokenStatus.Validated => Color.Success,
        TokenStatus.Expired or TokenStatus.Superseded or TokenStatus.PaperGuide => Color.Default,
        _ => Color.Error,
    };

    public static Color Of(TreatmentStatus status, bool hasAuthorizedItem = true) => status switch
    {
        TreatmentStatus.Validated or TreatmentStatus.ValidatedBySignedGuide => Color.Success,
        TreatmentStatus.AwaitingLateToken or TreatmentStatus.SignedGuideUnderReview => Color.Warning,
        TreatmentStatus.SignedGuideRejected => Color.Error,
        TreatmentStatus.Submitted when !hasAuthorizedItem => Color.Default,
        TreatmentStatus.Draft => Color.Default,
        _ => Color.Info,
    };

    public static Color Of(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent => Color.Success,
        DeliveryStatus.Failed => Color.Error,
        _ => Color.Info,
    };

    public static string IconOf(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent => Icons.Material.Filled.CheckCircle,
        DeliveryStatus.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.HourglassTop,
    };
}
