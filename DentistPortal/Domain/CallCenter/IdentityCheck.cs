namespace DentistPortal.Domain.CallCenter;

/// <summary>
/// The call-centre agent confirmed (or failed to confirm) the caller's identity before anything sensitive.
/// A failed check blocks reveals for that call.
/// </summary>
public sealed class IdentityCheck
{
    public int Id { get; set; }
    /// <summary>One phone call: the agent's screen session for this caller.</summary>
    public required string CallId { get; set; }
    public required string AgentUserId { get; set; }
    public int BeneficiaryId { get; set; }
    public DateTimeOffset AtUtc { get; set; }
    public bool Passed { get; set; }
    /// <summary>What was asked (e.g. "data de nascimento + 3 primeiros dígitos do CPF"); never the answers.</summary>
    public required string Method { get; set; }
}
