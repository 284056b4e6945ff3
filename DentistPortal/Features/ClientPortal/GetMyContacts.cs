using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Common;
using DentistPortal.Domain.Messaging;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.ClientPortal;

/// <summary>A change waiting for its code (the page offers the code field again after a reload).</summary>
public sealed record PendingContactChange(int RequestId, DeliveryChannel Channel, string MaskedNewValue, DateTimeOffset ExpiresAtUtc, int AttemptsLeft);

/// <summary>
/// One person's contacts, masked even here: (11) *****-4321, m***@e***.com.br. <see cref="ReceivesThroughHolder"/>: a
/// dependent without contacts gets tokens through the holder's (TR-10).
/// </summary>
public sealed record MyContactCard(
    int BeneficiaryId, string FullName, Relationship Relationship, bool IsSelf,
    string? MaskedMobile, string? MaskedEmail, bool ReceivesThroughHolder, IReadOnlyList<PendingContactChange> Pending)
{
    /// <summary>Someone reported receiving this person's code (issue 9 §6): the mobile on file is probably not theirs.</summary>
    public bool ContactProbablyWrong { get; init; }
}

/// <summary>"Meus contatos": the contacts of the beneficiary linked to the login and of their dependents, masked.</summary>
public sealed class GetMyContactsHandler(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, AccessCheck access)
{
    public async Task<Result<IReadOnlyList<MyContactCard>>> HandleAsync(Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var who = await access.ReadAsync(db, actor, ct);
        if (!who.Holds(Domain.Access.Roles.Beneficiary)) return Result<IReadOnlyList<MyContactCard>>.Forbidden();
        var people = await MyFamily.ListAsync(db, who, time, ct);
        if (people.Count == 0)
            return Result<IReadOnlyList<MyContactCard>>.NotFound("Seu login não está ligado a um beneficiário do plano. Ligue para a Central de Atendimento.");

        var ids = people.Select(p => p.BeneficiaryId).ToList();
        var contacts = await db.Beneficiaries.AsNoTracking().Where(b => ids.Contains(b.Id))
            .Select(b => new { b.Id, b.MobilePhone, b.Email, b.HolderId, b.ContactFlaggedAtUtc })
            .ToDictionaryAsync(b => b.Id, ct);
        var holderIds = contacts.Values.Where(c => c.HolderId is not null).Select(c => c.HolderId!.Value).Distinct().ToList();
        var holdersWithContact = await db.Beneficiaries.AsNoTracking()
            .Where(b => holderIds.Contains(b.Id) && (b.MobilePhone != null || b.Email != null))
            .Select(b => b.Id).ToListAsync(ct);

        var now = time.GetUtcNow();
        var pending = (await db.ContactChangeRequests.AsNoTracking()
                .Where(r => ids.Contains(r.BeneficiaryId) && r.Status == ContactChangeStatus.Pending)
                .ToListAsync(ct))
            .Where(r => r.ExpiresAtUtc > now)
            .OrderBy(r => r.CreatedAtUtc)
            .ToList();

        return Result<IReadOnlyList<MyContactCard>>.Ok([.. people.Select(p =>
        {
            var c = contacts[p.BeneficiaryId];
            return new MyContactCard(p.BeneficiaryId, p.FullName, p.Relationship, p.IsSelf,
                c.MobilePhone is null ? null : BrazilianMobile.Mask(c.MobilePhone),
                c.Email is null ? null : EmailAddress.Mask(c.Email),
                c.MobilePhone is null && c.Email is null && c.HolderId is { } h && holdersWithContact.Contains(h),
                [.. pending.Where(r => r.BeneficiaryId == p.BeneficiaryId).Select(r => new PendingContactChange(
                    r.Id, r.Channel, ContactChangeMessages.Masked(r.Channel, r.NewValue), r.ExpiresAtUtc,
                    Math.Max(0, RequestContactChangeHandler.MaxAttempts - r.Attempts)))])
            {
                ContactProbablyWrong = c.ContactFlaggedAtUtc is not null,
            };
        })]);
    }
}
