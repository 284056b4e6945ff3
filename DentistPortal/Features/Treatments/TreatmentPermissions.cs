using DentistPortal.Domain.Access;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.Treatments;

/// <summary>
/// What this viewer may do with this treatment (SPEC §1, issue 9 §5), from <see cref="ActorAccess"/> (read from the
/// database). The handlers refuse by these flags and the treatment page offers only the actions they allow, so a
/// screen never shows a button its handler would refuse. Whether the treatment's <i>state</i> allows the action
/// (an active token, TR-3…) is a separate question the view answers.
/// </summary>
/// <param name="CanView">Its clinic, the operator's roles (Central, auditor, admin), and the beneficiary or their holder.</param>
/// <param name="CanGenerate">"Gerar token": its clinic's dentists and receptionists, working there now.</param>
/// <param name="CanValidate">Type the code at the chair or late: its clinic.</param>
/// <param name="CanValidateForCentral">Type the code the caller reads (assisted validation): the Central.</param>
/// <param name="CanMarkLate">"Paciente sem celular (token tardio)": its clinic.</param>
/// <param name="CanPrintGuide">Print the GTO, recording the contingency: its clinic.</param>
/// <param name="CanReadGuide">Read the GTO already printed: its clinic and the operator's roles (never the beneficiary).</param>
/// <param name="CanUploadSignedGuide">Register the scan of the signed guide: its clinic.</param>
/// <param name="CanDownloadSignedGuide">Download that scan: its clinic and the operator's roles.</param>
/// <param name="CanRevoke">"Não solicitei este código" (manual Q8): the beneficiary or their holder, and the Central.</param>
/// <param name="CanSubmit">Send for authorization: the treatment's own dentist, at its clinic.</param>
public sealed record TreatmentPermissions(
    bool CanView, bool CanGenerate, bool CanValidate, bool CanValidateForCentral, bool CanMarkLate, bool CanPrintGuide,
    bool CanReadGuide, bool CanUploadSignedGuide, bool CanDownloadSignedGuide, bool CanRevoke, bool CanSubmit)
{
    public static readonly TreatmentPermissions None = new(false, false, false, false, false, false, false, false, false, false, false);

    /// <summary>The clinic's hands-on actions, at least one of which is allowed: the viewer works at the treatment's clinic.</summary>
    public bool IsClinic => CanGenerate;

    /// <summary>May type a code through this channel.</summary>
    public bool MayValidateVia(ValidationChannel via) => via == ValidationChannel.CallCenterAssisted ? CanValidateForCentral : CanValidate;

    public static TreatmentPermissions For(ActorAccess access, Treatment treatment) =>
        For(access, treatment.ClinicId, treatment.BeneficiaryId, treatment.DentistUserId);

    public static TreatmentPermissions For(ActorAccess access, int clinicId, int beneficiaryId, string dentistUserId)
    {
        var clinic = access.ActsForClinic(clinicId);
        var central = access.Holds(Roles.CallCenterAgent);
        var operatorRole = access.HoldsAny(Roles.CallCenterAgent, Roles.Auditor, Roles.Admin);
        var patient = access.ActsForBeneficiary(beneficiaryId);
        return new TreatmentPermissions(
            CanView: clinic || operatorRole || patient,
            CanGenerate: clinic,
            CanValidate: clinic,
            CanValidateForCentral: central,
            CanMarkLate: clinic,
            CanPrintGuide: clinic,
            CanReadGuide: clinic || operatorRole,
            CanUploadSignedGuide: clinic,
            CanDownloadSignedGuide: clinic || operatorRole,
            CanRevoke: patient || access.HoldsAny(Roles.CallCenterAgent, Roles.Admin),
            CanSubmit: clinic && access.ActsAsDentistFor(clinicId) && access.Actor?.UserId == dentistUserId);
    }
}

/// <summary>The one check (<see cref="AccessCheck"/>) applied to a treatment.</summary>
public static class TreatmentAccess
{
    public static async Task<TreatmentPermissions> ForTreatmentAsync(this AccessCheck check, AppDbContext db, Actor? actor, Treatment treatment, CancellationToken ct) =>
        TreatmentPermissions.For(await check.ReadAsync(db, actor, ct), treatment);

    /// <summary>
    /// The clinic's hands-on actions only (generate, validate: <see cref="TreatmentPermissions.CanGenerate"/>,
    /// <see cref="TreatmentPermissions.MayValidateVia"/>), from <see cref="AccessCheck.ReadForClinicAsync"/>: one small read
    /// of the actor at the treatment's clinic (issue 13, handler cost). The beneficiary's own rights (CanView, CanRevoke for a
    /// patient) are never granted by it.
    /// </summary>
    public static async Task<TreatmentPermissions> ForClinicActionAsync(this AccessCheck check, AppDbContext db, Actor? actor, Treatment treatment, CancellationToken ct) =>
        TreatmentPermissions.For(await check.ReadForClinicAsync(db, actor, treatment.ClinicId, ct), treatment);
}
