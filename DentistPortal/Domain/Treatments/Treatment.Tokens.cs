using DentistPortal.Domain.Tokens;

namespace DentistPortal.Domain.Tokens
{
    /// <summary>What checking a typed code against a treatment decided (TR-5…TR-8).</summary>
    public enum ValidationOutcome
    {
        Validated,
        WrongCode,
        /// <summary>The code belongs to an older token of this treatment (manual Q10/Q13).</summary>
        SupersededCode,
        Expired,
        Locked,
        Revoked,
        NoActiveToken,
        AlreadyValidated,
        /// <summary>TR-7: the treatment's cumulative wrong-code cap was reached.</summary>
        TreatmentBlocked,
        /// <summary>TR-7: this user typed too many wrong codes in 24 h.</summary>
        AccountBlocked,
        /// <summary>
        /// The token's hash was made with an HMAC key the portal no longer holds (issue 10, Keys and secrets): the code
        /// cannot be checked, so nothing is counted (no attempt, no cap, no block) and a new token must be issued.
        /// </summary>
        ReissueRequired,
    }

    /// <summary>
    /// The keyed hash of the typed code under the HMAC key named <c>keyId</c>, or null when that key is not in the
    /// portal's key ring. The code itself never reaches the domain (TR-9).
    /// </summary>
    public delegate byte[]? CodeHasher(string keyId);

    /// <summary>A new token's secret material: the key id and keyed hash of its code, and the encrypted copy (TR-9).</summary>
    public readonly record struct NewTokenCode(string HmacKeyId, byte[] CodeHash, string EncryptedCode);

    /// <summary>
    /// The result of <see cref="Treatments.Treatment.CheckCode"/>: the outcome, attempts left (for a wrong code), the newest
    /// token's sequence, the attempt row to store (null when nothing was counted), and whether this wrong code is the
    /// one that reached the user's 24 h cap (TR-7: the operator is alerted once).
    /// </summary>
    public sealed record CodeCheck(ValidationOutcome Outcome, int? AttemptsLeft, int? TokenSequence, TokenAttempt? Attempt, bool ReachedUserCap)
    {
        /// <summary>Something changed (a token ended, a wrong code counted, the treatment validated): save it.</summary>
        public bool Changed { get; init; }
    }

    /// <summary>
    /// The result of <see cref="Treatments.Treatment.IssueToken"/>: the new token, or the one already issued after the
    /// state the user saw (a repeated click: nothing new), or why no token may be issued.
    /// </summary>
    public sealed record TokenIssue(AttendanceToken? Token, bool AlreadyIssued, string? Refusal)
    {
        public bool Issued => Token is not null && !AlreadyIssued;
    }
}

namespace DentistPortal.Domain.Treatments
{
    /// <summary>The token half of the aggregate: a treatment owns its tokens and every rule that spans them (TR-2…TR-8).</summary>
    public sealed partial class Treatment
    {
        public static readonly TimeSpan TokenCapWindow = TimeSpan.FromHours(48);

        /// <summary>The newest token (the only one a code may match, TR-4), or null before the first.</summary>
        public AttendanceToken? NewestToken => tokens.Count == 0 ? null : tokens.MaxBy(t => t.Sequence);

        /// <summary>The newest token when it can still be used now (Active and inside its lifetime, TR-5).</summary>
        public AttendanceToken? UsableToken(DateTimeOffset now) => NewestToken is { } t && t.IsUsableAt(now) ? t : null;

        /// <summary>Tokens issued inside the 48 h window of the per-treatment cap (TR-7).</summary>
        public int TokensIssuedSince(DateTimeOffset since) => tokens.Count(t => t.CreatedAtUtc > since);

        /// <summary>
        /// Why a token cannot be issued now (TR-3, TR-7 including the tokens-per-48 h cap), or null. Needs the tokens loaded.
        /// </summary>
        public string? WhyNoToken(TokenPolicy policy, DateTimeOffset now)
        {
            if (WhyNoToken(policy.MaxWrongCodesPerTreatment) is { } why) return why;
            if (TokensIssuedSince(now - TokenCapWindow) >= policy.MaxTokensPerTreatmentPer48Hours)
                return $"Limite de {policy.MaxTokensPerTreatmentPer48Hours} tokens em 48 horas para este tratamento. Ligue para a Central de Atendimento ou use a guia de tratamento impressa.";
            return null;
        }

        /// <summary>
        /// TR-2…TR-4: issues the next token and ends the active one (superseded, or expired if its time had come).
        /// <paramref name="seenSequence"/> is the newest sequence the user saw when asking (0 = none): when a newer token
        /// exists already, this is a repeated request (double click, stale screen) and the existing token is returned
        /// instead of issuing another (issue 9 §3). Null skips that check. <paramref name="newCode"/> is asked only when a
        /// token is really issued: its key id, keyed hash and encrypted copy (the code itself never reaches the domain).
        /// </summary>
        public TokenIssue IssueToken(Func<NewTokenCode> newCode, string userId, DateTimeOffset now, TokenPolicy policy, int? seenSequence = null)
        {
            // A repeat (double click, a screen that missed the refresh) of a request that issued a token still usable: that
            // token is the answer. A newer token since revoked, validated or superseded is not: a new one is issued (ATTACK13c:
            // a stale screen was told "Token nº 2 gerado e enviado" about a code the patient had cancelled).
            if (seenSequence is { } seen && seen < LastTokenSequence && NewestToken is { Status: TokenStatus.Active } already)
                return new TokenIssue(already, AlreadyIssued: true, null);
            if (WhyNoToken(policy, now) is { } why) return new TokenIssue(null, false, why);

            foreach (var old in tokens)
            {
                if (!old.ExpireIfDue(now)) old.Supersede(now);
            }
            LastTokenSequence++;
            var code = newCode();
            var token = AttendanceToken.Issue(Id, LastTokenSequence, code.HmacKeyId, code.CodeHash, code.EncryptedCode, userId, now, policy.Lifetime);
            tokens.Add(token);
            Touch();
            return new TokenIssue(token, AlreadyIssued: false, null);
        }

        /// <summary>
        /// TR-5…TR-8: checks a candidate hash against the newest token. A right code validates the treatment; a wrong one
        /// counts on the token, on the treatment (re-issue does not reset it) and, through the returned attempt, on the
        /// user's 24 h cap, whose current count the caller reads inside the same serialized transaction
        /// (<paramref name="userWrongCodesLast24Hours"/>; issue 9 §4). <paramref name="hash"/> hashes the typed code under
        /// each token's own key id; when the newest token's key is gone the answer is
        /// <see cref="ValidationOutcome.ReissueRequired"/> and nothing is counted (issue 10, Keys and secrets).
        /// <paramref name="newValidationReference"/> is asked only when the code is right: the validation's reference
        /// (TISS <c>codValidacao</c>, issue 11), drawn independently of the code.
        /// </summary>
        public CodeCheck CheckCode(CodeHasher hash, string userId, ValidationChannel via, DateTimeOffset now, TokenPolicy policy, int userWrongCodesLast24Hours,
            Func<string> newValidationReference)
        {
            if (IsClosed) return new CodeCheck(ValidationOutcome.AlreadyValidated, null, null, null, false);
            if (userWrongCodesLast24Hours >= policy.MaxWrongCodesPerUserPer24Hours) return new CodeCheck(ValidationOutcome.AccountBlocked, null, null, null, false);
            if (WrongCodeCount >= policy.MaxWrongCodesPerTreatment) return new CodeCheck(ValidationOutcome.TreatmentBlocked, null, null, null, false);

            var newest = NewestToken;
            if (newest is null) return new CodeCheck(ValidationOutcome.NoActiveToken, null, null, null, false);
            if (!newest.IsUsableAt(now))
            {
                var expiredNow = newest.ExpireIfDue(now);
                var ended = newest.Status switch
                {
                    TokenStatus.Expired => ValidationOutcome.Expired,
                    TokenStatus.Locked => ValidationOutcome.Locked,
                    TokenStatus.Revoked => ValidationOutcome.Revoked,
                    TokenStatus.Validated => ValidationOutcome.AlreadyValidated,
                    _ => ValidationOutcome.NoActiveToken,
                };
                return new CodeCheck(ended, null, newest.Sequence, null, false) { Changed = expiredNow };
            }

            // Never a wrong guess when the key the token was made with is missing: the code simply cannot be checked.
            if (hash(newest.HmacKeyId) is not { } candidateHash)
                return new CodeCheck(ValidationOutcome.ReissueRequired, null, newest.Sequence, null, false);

            var verified = newest.Verify(candidateHash, now, policy, userId, via);
            ValidationOutcome outcome;
            if (verified == VerifyResult.Validated)
            {
                MarkValidated(now, newValidationReference());
                outcome = ValidationOutcome.Validated;
            }
            else
            {
                WrongCodeCount++;
                Touch();
                var olderMatch = tokens.Any(t => t != newest && hash(t.HmacKeyId) is { } older && t.Matches(older));
                if (WrongCodeCount >= policy.MaxWrongCodesPerTreatment)
                {
                    newest.LockWithTreatment(now);
                    outcome = ValidationOutcome.TreatmentBlocked;
                }
                else if (olderMatch) outcome = ValidationOutcome.SupersededCode;
                else if (verified == VerifyResult.WrongCodeLocked) outcome = ValidationOutcome.Locked;
                else outcome = ValidationOutcome.WrongCode;
            }

            var attempt = new TokenAttempt
            {
                TreatmentId = Id,
                TokenId = newest.Id,
                UserId = userId,
                AtUtc = now,
                Outcome = outcome == ValidationOutcome.Validated ? AttemptOutcome.Validated : AttemptOutcome.Wrong,
                Via = via,
            };
            var attemptsLeft = outcome is ValidationOutcome.WrongCode or ValidationOutcome.SupersededCode
                ? Math.Min(newest.AttemptsLeft(policy), policy.MaxWrongCodesPerTreatment - WrongCodeCount)
                : (int?)null;
            var reachedUserCap = outcome != ValidationOutcome.Validated && userWrongCodesLast24Hours + 1 >= policy.MaxWrongCodesPerUserPer24Hours;
            return new CodeCheck(outcome, attemptsLeft, newest.Sequence, attempt, reachedUserCap) { Changed = true };
        }

        /// <summary>
        /// "Não solicitei este código" (TR-12): revokes the token if it is still usable. An Active token past its
        /// lifetime is expired instead. Returns the token's status afterwards, or null when the token is not this treatment's.
        /// </summary>
        public (bool Revoked, TokenStatus? Status) RevokeToken(int tokenId, DateTimeOffset now)
        {
            var token = tokens.FirstOrDefault(t => t.Id == tokenId);
            if (token is null) return (false, null);
            token.ExpireIfDue(now);
            var revoked = token.Revoke(now);
            if (revoked) Touch();
            return (revoked, token.Status);
        }

        /// <summary>The signed guide (or another fallback) closed the attendance: no token may be used any more.</summary>
        public void EndActiveTokens(DateTimeOffset now)
        {
            foreach (var t in tokens)
            {
                if (!t.ExpireIfDue(now)) t.EndForPaperGuide(now);
            }
        }
    }
}
