using DentistPortal.Domain.Access;
using DentistPortal.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Admin;

/// <summary>
/// Idempotency of the back-office actions that hand out credentials (issue 9 §3): inside the handler's write
/// transaction (SQLite takes the write lock at BEGIN, so two clicks are serialized), the second click finds the first
/// one's <see cref="AdminReceipt"/> and answers the same account and temporary password, doing nothing again.
/// </summary>
public sealed class CredentialReceipts(IDataProtectionProvider dataProtection, TimeProvider time)
{
    private readonly IDataProtector protector = dataProtection.CreateProtector("DentistPortal.Admin.CredentialReceipts");

    /// <summary>The first answer to this admin's same action on the same key, while fresh; null otherwise.</summary>
    public async Task<AccountCredentials?> FindAsync(AppDbContext db, string actorUserId, string action, string key, CancellationToken ct)
    {
        var since = time.GetUtcNow() - AdminReceipt.Window;
        var receipt = await db.AdminReceipts.AsNoTracking()
            .Where(r => r.ActorUserId == actorUserId && r.Action == action && r.Key == key && r.AtUtc > since)
            .OrderByDescending(r => r.AtUtc).FirstOrDefaultAsync(ct);
        if (receipt is null) return null;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == receipt.SubjectUserId)
            .Select(u => new { u.Id, u.Email, u.FullName }).FirstOrDefaultAsync(ct);
        return user is null ? null
            : new AccountCredentials(user.Id, user.Email ?? "", user.FullName, receipt.ProtectedSecret is null ? null : protector.Unprotect(receipt.ProtectedSecret));
    }

    /// <summary>Adds the receipt to the unit of work (it commits with the action) and deletes receipts past the window.</summary>
    public async Task AddAsync(AppDbContext db, string actorUserId, string action, string key, AccountCredentials answer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = now - AdminReceipt.Window;
        await db.AdminReceipts.Where(r => r.AtUtc <= expired).ExecuteDeleteAsync(ct);
        db.AdminReceipts.Add(AdminReceipt.Record(actorUserId, action, key, answer.UserId,
            answer.TemporaryPassword is null ? null : protector.Protect(answer.TemporaryPassword), now));
    }
}
