using System.Text.RegularExpressions;
using DentistPortal.Domain.Access;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;

namespace DentistPortal.Features.CallCenter;

/// <summary>
/// Who may work the call centre: a CallCenterAgent (or an Admin), as the database says (<see cref="AccessCheck"/>). Anyone else signed in is refused and the refusal audited.
/// </summary>
public static partial class CallCenterAccess
{
    private static readonly string[] AgentRoles = [Roles.CallCenterAgent, Roles.Admin];

    /// <summary>True for an enabled account holding an agent role; otherwise records the refusal and answers false.</summary>
    public static Task<bool> EnsureAgentAsync(this AccessCheck check, AppDbContext db, Actor? actor, string what, CancellationToken ct) =>
        check.EnsureRoleAsync(db, actor, AgentRoles, "CallCenter", what, ct);

    /// <summary>Six digits in a row (spaces, dots or dashes between them allowed): what a token code looks like.</summary>
    [GeneratedRegex(@"\d(?:[\s.\-]?\d){5}", RegexOptions.CultureInvariant)]
    private static partial Regex CodeLike();

    public const string CodeLikeMessage = "Não escreva números de 6 dígitos ou mais no texto: um código de token nunca pode ser registrado.";

    /// <summary>
    /// Free texts (reasons, notes) end up in the audit trail or the case: they must never carry a code, so any run
    /// of six digits is refused.
    /// </summary>
    public static bool LooksLikeItHoldsACode(string? text) => text is not null && CodeLike().IsMatch(text);

    /// <summary>The first 8 characters of the call id, enough to find the call in the audit trail.</summary>
    public static string ShortCall(string callId) => callId.Length > 8 ? callId[..8] : callId;

    public static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
