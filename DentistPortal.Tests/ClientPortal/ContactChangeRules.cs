using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Support;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Features.Support;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>
/// "Meus contatos": a new mobile or e-mail is confirmed by a code sent to it before it replaces the old one, and the old
/// one is told. Real handlers, real SQLite, messages in the development inbox. Each test starts a day later, so the daily
/// cap of one test never meets another's.
/// </summary>
public class ContactChangeRules : IClassFixture<TestDatabase>
{
    private readonly TestDatabase database;
    private readonly PortalScenario s;

    public ContactChangeRules(TestDatabase database)
    {
        this.database = database;
        s = new PortalScenario(database);
        database.Clock.Advance(TimeSpan.FromDays(1));
    }

    private async Task<Result<ContactChangeRequested>> RequestAsync(Actor actor, int beneficiaryId, DeliveryChannel channel, string value, string code)
    {
        database.Codes.Enqueue(code);
        return await s.Tokens.Handler<RequestContactChangeHandler>().HandleAsync(new(beneficiaryId, channel, value), actor);
    }

    private Task<Result<ContactChangeConfirmed>> ConfirmAsync(Actor actor, int requestId, string? code) =>
        s.Tokens.Handler<ConfirmContactChangeHandler>().HandleAsync(new(requestId, code), actor);

    private async Task<(string? Mobile, string? Email)> ContactsOfAsync(int beneficiaryId)
    {
        await using var db = await s.Tokens.ContextAsync();
        var b = await db.Beneficiaries.AsNoTracking().SingleAsync(x => x.Id == beneficiaryId);
        return (b.MobilePhone, b.Email);
    }

    private async Task<List<DevMessage>> MessagesToAsync(string to)
    {
        await using var db = await s.Tokens.ContextAsync();
        return await db.DevMessages.AsNoTracking().Where(m => m.To == to).OrderBy(m => m.Id).ToListAsync();
    }

    private async Task<AppDbContext> DbAsync() => await s.Tokens.ContextAsync();

    /// <summary>A mobile nobody in the demo has, different per test.</summary>
    private static string NewMobile(int n) => $"+55119{n:D8}";

    [Fact]
    public async Task ANewMobileGetsACodeAndNothingChangesUntilItIsConfirmed()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var before = await ContactsOfAsync(joao);
        var now = database.Clock.GetUtcNow();

        var result = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, "(11) 91111-2222", "314159");
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        Assert.Equal("(11) *****-2222", result.Value!.MaskedNewValue);
        Assert.Equal(now.AddMinutes(15), result.Value.ExpiresAtUtc);

        // The code went by SMS to the NEW number, in pt-BR, in one segment.
        var sms = Assert.Single(await MessagesToAsync("+5511911112222"));
        Assert.Equal(DeliveryChannel.Sms, sms.Channel);
        Assert.Contains("314159", sms.Body);
        Assert.Contains("confirmar este celular", sms.Body);
        Assert.True(TokenMessage.FitsOneSegment(sms.Body), sms.Body);

        // Only a hash is kept, and the contact on file is still the old one.
        await using var db = await DbAsync();
        var request = await db.ContactChangeRequests.SingleAsync(r => r.Id == result.Value.RequestId);
        Assert.Equal(("+5511911112222", ContactChangeStatus.Pending, 0, joaoLogin.UserId), (request.NewValue, request.Status, request.Attempts, request.RequestedByUserId));
        Assert.Equal(32, request.CodeHash.Length);
        Assert.DoesNotContain("314159", System.Text.Encoding.ASCII.GetString(request.CodeHash));
        Assert.Equal(before, await ContactsOfAsync(joao));

        var audit = await db.AuditEntries.Where(a => a.Action == "contact.change-requested" && a.SubjectId == joao.ToString()).ToListAsync();
        var line = Assert.Single(audit, a => a.AtUtc == now && a.ActorUserId == joaoLogin.UserId);
        Assert.Contains("(11) *****-2222", line.Detail);
        Assert.DoesNotContain("91111", line.Detail);
    }

    [Fact]
    public async Task TheRightCodeReplacesTheMobileAndTheOldNumberIsTold()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var (oldMobile, _) = await ContactsOfAsync(joao);
        Assert.NotNull(oldMobile);
        var oldBefore = (await MessagesToAsync(oldMobile!)).Count;

        var requested = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(22223333), "271828");
        var confirmed = await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "271 828");
        Assert.True(confirmed.IsOk, string.Join("; ", confirmed.Errors));
        Assert.Equal((DeliveryChannel.Sms, "(11) *****-3333", true), (confirmed.Value!.Channel, confirmed.Value.MaskedNewValue, confirmed.Value.OldContactNotified));

        Assert.Equal(NewMobile(22223333), (await ContactsOfAsync(joao)).Mobile);
        var told = (await MessagesToAsync(oldMobile!)).Skip(oldBefore).ToList();
        var notice = Assert.Single(told);
        Assert.Contains("alterado para (11) *****-3333", notice.Body);
        Assert.Contains("SAC", notice.Body);
        Assert.True(TokenMessage.FitsOneSegment(notice.Body), notice.Body);

        await using var db = await DbAsync();
        var request = await db.ContactChangeRequests.SingleAsync(r => r.Id == requested.Value.RequestId);
        Assert.Equal(ContactChangeStatus.Confirmed, request.Status);
        Assert.NotNull(request.ConfirmedAtUtc);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "contact.change-confirmed" && a.Outcome == "ok" && a.SubjectId == joao.ToString() && a.Detail!.Contains("*****-3333"));
        Assert.DoesNotContain(oldMobile![3..], audit.Detail);
        Assert.DoesNotContain("22223333", audit.Detail);

        // Used once: the same code again is refused.
        Assert.Contains("já foi confirmado", (await ConfirmAsync(joaoLogin, requested.Value.RequestId, "271828")).Errors.Single());
    }

    [Fact]
    public async Task ANewEmailIsConfirmedTheSameWayAndTheOldAddressIsTold()
    {
        var maria = await s.MariaAsync();
        var self = await s.Tokens.BeneficiaryIdAsync(TokenScenario.MariaCpf);
        var (_, oldEmail) = await ContactsOfAsync(self);
        Assert.NotNull(oldEmail);
        var newEmail = $"maria.{Guid.NewGuid():N}@exemplo.com.br";

        var requested = await RequestAsync(maria, self, DeliveryChannel.Email, "  " + newEmail.ToUpperInvariant() + " ", "161803");
        Assert.True(requested.IsOk, string.Join("; ", requested.Errors));
        var mail = Assert.Single(await MessagesToAsync(newEmail));
        Assert.Contains("161803", mail.Body);
        Assert.Contains("161803", mail.HtmlBody);
        Assert.Contains("confirme seu novo e-mail", mail.Subject);
        Assert.Equal(oldEmail, (await ContactsOfAsync(self)).Email);

        var oldBefore = (await MessagesToAsync(oldEmail!)).Count;
        var confirmed = await ConfirmAsync(maria, requested.Value!.RequestId, "161803");
        Assert.True(confirmed.IsOk, string.Join("; ", confirmed.Errors));
        Assert.True(confirmed.Value!.OldContactNotified);
        Assert.Equal(newEmail, (await ContactsOfAsync(self)).Email);
        var notice = Assert.Single((await MessagesToAsync(oldEmail!)).Skip(oldBefore));
        Assert.Contains("foi alterado", notice.Subject);
        Assert.Contains(EmailAddressMask(newEmail), notice.Body);
        Assert.DoesNotContain(newEmail, notice.Body);
    }

    private static string EmailAddressMask(string email) => DentistPortal.Domain.Common.EmailAddress.Mask(email);

    [Fact]
    public async Task AWrongCodeChangesNothingAndSaysHowManyTriesAreLeft()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var before = await ContactsOfAsync(joao);
        var requested = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(33334444), "112233");

        var wrong = await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "112234");
        Assert.Equal(ResultStatus.Invalid, wrong.Status);
        Assert.Equal("Código incorreto. Nada foi alterado. Restam 4 tentativas.", wrong.Errors.Single());
        Assert.Equal(before, await ContactsOfAsync(joao));

        // A malformed code is explained and not counted.
        Assert.Equal(ConfirmContactChangeHandler.FormatMessage, (await ConfirmAsync(joaoLogin, requested.Value.RequestId, "12ab")).Errors.Single());
        await using var db = await DbAsync();
        Assert.Equal(1, (await db.ContactChangeRequests.SingleAsync(r => r.Id == requested.Value.RequestId)).Attempts);
        Assert.Contains(await db.AuditEntries.Where(a => a.Action == "contact.change-confirmed").ToListAsync(), a => a.Outcome == "wrong-code");
    }

    [Fact]
    public async Task FiveWrongCodesCloseTheRequestAndEvenTheRightCodeIsThenRefused()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var before = await ContactsOfAsync(joao);
        var requested = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(44445555), "555000");

        for (var i = 1; i <= 4; i++)
            Assert.Contains("Código incorreto", (await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "000555")).Errors.Single());
        var fifth = await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "000555");
        Assert.Contains("Foram 5 tentativas", fifth.Errors.Single());
        var right = await ConfirmAsync(joaoLogin, requested.Value.RequestId, "555000");
        Assert.Equal(ResultStatus.Invalid, right.Status);
        Assert.Contains("encerrado", right.Errors.Single());

        Assert.Equal(before, await ContactsOfAsync(joao));
        await using var db = await DbAsync();
        Assert.Equal(ContactChangeStatus.Failed, (await db.ContactChangeRequests.SingleAsync(r => r.Id == requested.Value.RequestId)).Status);
    }

    [Fact]
    public async Task AnExpiredCodeChangesNothing()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var before = await ContactsOfAsync(joao);
        var requested = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(55556666), "909090");

        database.Clock.Advance(TimeSpan.FromMinutes(15));
        var late = await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "909090");
        Assert.Equal(ResultStatus.Invalid, late.Status);
        Assert.Contains("expirou", late.Errors.Single());
        Assert.Equal(before, await ContactsOfAsync(joao));
        await using var db = await DbAsync();
        Assert.Equal(ContactChangeStatus.Expired, (await db.ContactChangeRequests.SingleAsync(r => r.Id == requested.Value.RequestId)).Status);
        // Nor does it show as pending any more.
        var cards = (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(joaoLogin)).Value!;
        Assert.DoesNotContain(cards.SelectMany(c => c.Pending), p => p.RequestId == requested.Value.RequestId);
    }

    [Fact]
    public async Task ANewerRequestReplacesThePendingOne()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var first = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(66667777), "101010");
        var second = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(77778888), "202020");

        var cards = (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(joaoLogin)).Value!;
        var pending = Assert.Single(cards.Single(c => c.BeneficiaryId == joao).Pending);
        Assert.Equal((second.Value!.RequestId, "(11) *****-8888", 5), (pending.RequestId, pending.MaskedNewValue, pending.AttemptsLeft));

        Assert.Contains("não vale mais", (await ConfirmAsync(joaoLogin, first.Value!.RequestId, "101010")).Errors.Single());
        Assert.True((await ConfirmAsync(joaoLogin, second.Value.RequestId, "202020")).IsOk);
        Assert.Equal(NewMobile(77778888), (await ContactsOfAsync(joao)).Mobile);
    }

    [Fact]
    public async Task ADependentWithoutContactsGetsAMobileAndNobodyIsToldAsThereWasNone()
    {
        var maria = await s.MariaAsync();
        var pedro = await s.Tokens.BeneficiaryIdAsync(TokenScenario.PedroCard);
        var card = (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(maria)).Value!.Single(c => c.BeneficiaryId == pedro);
        Assert.Equal((null, null, true), (card.MaskedMobile, card.MaskedEmail, card.ReceivesThroughHolder));

        var requested = await RequestAsync(maria, pedro, DeliveryChannel.Sms, "11 98888-1234", "424242");
        var confirmed = await ConfirmAsync(maria, requested.Value!.RequestId, "424242");
        Assert.True(confirmed.IsOk, string.Join("; ", confirmed.Errors));
        Assert.False(confirmed.Value!.OldContactNotified);

        card = (await s.Tokens.Handler<GetMyContactsHandler>().HandleAsync(maria)).Value!.Single(c => c.BeneficiaryId == pedro);
        Assert.Equal(("(11) *****-1234", false), (card.MaskedMobile, card.ReceivesThroughHolder));
    }

    [Theory]
    [InlineData(DeliveryChannel.Sms, "(11) 3333-4444", "Celular inválido")] // landline
    [InlineData(DeliveryChannel.Sms, "98765", "Celular inválido")]
    [InlineData(DeliveryChannel.Sms, "", "Celular inválido")]
    [InlineData(DeliveryChannel.Email, "maria@", "E-mail inválido")]
    [InlineData(DeliveryChannel.Email, "sem arroba", "E-mail inválido")]
    [InlineData(DeliveryChannel.Sms, "+55 11 98765-4321", "Este já é o celular cadastrado")]
    public async Task InvalidOrUnchangedContactsAreRefusedAndNothingIsSent(DeliveryChannel channel, string value, string message)
    {
        var maria = await s.MariaAsync();
        var self = await s.Tokens.BeneficiaryIdAsync(TokenScenario.MariaCpf);
        await using (var db = await DbAsync())
        {
            // Maria's original mobile, whatever another test did to her.
            var b = await db.Beneficiaries.SingleAsync(x => x.Id == self);
            b.MobilePhone = "+5511987654321";
            await db.SaveChangesAsync();
        }
        await using var check = await DbAsync();
        var requestsBefore = await check.ContactChangeRequests.CountAsync();
        var messagesBefore = await check.DevMessages.CountAsync();

        var result = await RequestAsync(maria, self, channel, value, "999999");
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.StartsWith(message, result.Errors.Single());
        Assert.Equal(requestsBefore, await check.ContactChangeRequests.CountAsync());
        Assert.Equal(messagesBefore, await check.DevMessages.CountAsync());
        database.Codes.Next(); // drop the unused forced code
    }

    [Fact]
    public async Task NobodyChangesAnotherFamilysContacts()
    {
        var maria = await s.MariaAsync();
        var beatrizActor = await s.BeatrizAsync();
        var beatriz = await s.Tokens.BeneficiaryIdAsync(PortalScenario.BeatrizCpf);
        var before = await ContactsOfAsync(beatriz);

        var refused = await RequestAsync(maria, beatriz, DeliveryChannel.Sms, NewMobile(88889999), "717171");
        Assert.Equal(ResultStatus.NotFound, refused.Status);
        database.Codes.Next();

        // Nor the holder an adult dependent's (SPEC §9: João, with his own mobile, is private to himself).
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        Assert.Equal(ResultStatus.NotFound, (await RequestAsync(maria, joao, DeliveryChannel.Sms, NewMobile(99990002), "919191")).Status);
        database.Codes.Next();

        // Beatriz cannot confirm (or probe) a request of Maria's family either.
        var mine = await RequestAsync(await s.JoaoAsync(), joao, DeliveryChannel.Sms, NewMobile(99990000), "818181");
        var probe = await ConfirmAsync(beatrizActor, mine.Value!.RequestId, "818181");
        Assert.Equal(ResultStatus.NotFound, probe.Status);
        Assert.Equal(probe.Errors, (await ConfirmAsync(beatrizActor, int.MaxValue, "818181")).Errors);
        Assert.NotEqual(NewMobile(99990000), (await ContactsOfAsync(joao)).Mobile);
        Assert.Equal(before, await ContactsOfAsync(beatriz));

        var dentist = await s.Tokens.DentistAsync();
        Assert.Equal(ResultStatus.Forbidden, (await RequestAsync(dentist, joao, DeliveryChannel.Sms, NewMobile(99990001), "1")).Status);
        database.Codes.Next();
        Assert.Equal(ResultStatus.Forbidden, (await ConfirmAsync(dentist, mine.Value.RequestId, "818181")).Status);
    }

    [Fact]
    public async Task AtMostTenCodesPerPersonPerDay()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        for (var i = 0; i < RequestContactChangeHandler.MaxRequestsPerDay; i++)
            Assert.True((await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(12340000 + i), "100000")).IsOk);
        var capped = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(12349999), "100000");
        Assert.Contains("Limite de 10 pedidos", capped.Errors.Single());
        database.Codes.Next();
    }

    [Fact]
    public async Task ConfirmationCodesNeverReachALogOrTheAudit()
    {
        var joaoLogin = await s.JoaoAsync(); // an adult dependent manages his own contacts (SPEC §9)
        var joao = await s.Tokens.BeneficiaryIdAsync(PortalScenario.JoaoCpf);
        var requested = await RequestAsync(joaoLogin, joao, DeliveryChannel.Sms, NewMobile(10102020), "864209");
        await ConfirmAsync(joaoLogin, requested.Value!.RequestId, "864208");
        Assert.True((await ConfirmAsync(joaoLogin, requested.Value.RequestId, "864209")).IsOk);

        Assert.NotEmpty(database.Logs.Lines);
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains("864209", StringComparison.Ordinal) || l.Contains("864208", StringComparison.Ordinal));
        // Nor the full new number.
        Assert.DoesNotContain(database.Logs.Lines, l => l.Contains("10102020", StringComparison.Ordinal));
        await using var db = await DbAsync();
        var audit = await db.AuditEntries.Where(a => a.Action.StartsWith("contact.")).ToListAsync();
        Assert.NotEmpty(audit);
        Assert.DoesNotContain(audit, a => $"{a.Detail} {a.SubjectId} {a.Outcome}".Contains("864209", StringComparison.Ordinal)
                                        || (a.Detail ?? "").Contains("10102020", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCodeSmsFitsOneSegmentEvenWithTheLongOperatorName()
    {
        var op = new OperatorOptions { Name = "Sorriso Pleno Odontologia", Channels = [new() { Key = "sac", Phones = [new() { Number = "0800-700-0001" }] }] };
        Assert.True(TokenMessage.FitsOneSegment(ContactChangeMessages.CodeSms(op, "123456", 15)));
        Assert.True(TokenMessage.FitsOneSegment(ContactChangeMessages.ChangedSms(op, DeliveryChannel.Sms, "(11) *****-4321", DateTimeOffset.UnixEpoch)));
    }
}
